/**
 * The Tencent IM emulator: the four user-tag commands of {@code all_member_push} over real HTTP, for
 * laptops, demos, tests and benchmarks. Start one with {@link
 * io.tagway.emulator.TencentImEmulator#start}.
 *
 * <p>The caller checks, body parsing, limits, error codes and answer shapes live in {@link
 * io.tagway.upstream.wire}, shared with the gateway's Tencent-compatible endpoint.
 *
 * <p>Behaviour Tencent does not document, as the emulator chooses it:
 *
 * <ul>
 *   <li>{@code im_get_tag} answers every requested account, in request order, a duplicate once per
 *       occurrence, an unknown account with {@code "Tags":[]}.
 *   <li>Query-string failures: no {@code sdkappid} 60012; any other parameter missing, repeated or
 *       malformed (including {@code random} outside 0..4294967295 and {@code contenttype} other than
 *       {@code json}) 60002; an SDKAppID not served 70016. Missing UserSig is 60002, a present but
 *       undecodable one 70003.
 *   <li>An empty {@code To_Account}, {@code UserTags} or {@code Tags} array is 90001; fields beyond
 *       the documented ones are ignored.
 *   <li>An add that would leave an account with more than 100 tags is 90032, like more than 10 tags
 *       in one add (ErrorInfo tells them apart).
 *   <li>Order of checks and where faults apply: see {@link io.tagway.emulator.TagCommandHandler}.
 *       All codes: {@link io.tagway.upstream.wire.TimError}.
 *   <li>Emulator endpoints ({@code /emulator/...}, unknown paths) answer errors as {@code
 *       {"error":{"code":"...","message":"..."}}}; the tag commands always answer like Tencent.
 * </ul>
 */
package io.tagway.emulator;
