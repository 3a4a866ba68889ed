package io.tagway; public class Main { public static void main(String[] a){} }
