package io.tagway.lookup;

import io.tagway.cache.TagSet;

/**
 * Tags as an upstream fetch returned them.
 *
 * @param tags the account's tags
 * @param sequence when the fetch began, to compare with invalidations
 */
record Fetched(TagSet tags, long sequence) {}
