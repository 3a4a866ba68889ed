/**
 * Tencent IM's REST wire format as a server sees it: the caller checks (query string, app, UserSig,
 * admin), the tag command bodies, the limits, the error codes and the answers. Shared by the
 * emulator and the gateway's Tencent-compatible {@code im_get_tag}, so that both refuse and answer
 * alike.
 */
package io.tagway.upstream.wire;
