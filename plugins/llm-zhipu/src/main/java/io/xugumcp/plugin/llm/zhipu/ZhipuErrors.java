package io.xugumcp.plugin.llm.zhipu;

import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmException.Kind;

/**
 * BigModel's errors, {@code {"error":{"code":"1302","message":"…"}}} with the business code as a string beside the
 * HTTP status (the host reads the envelope). The code decides: 1302/1303 (concurrency, frequency) are rate limits
 * worth a retry; 1113 (arrears), 1308–1310 (quota used up) and 1313 (fair-use ban) never are; 1110–1121 are account
 * problems, 1000–1004 the key, 1211 an unknown model, 1210–1215 bad parameters, 1234 their network error, 1261 a
 * prompt too long, 1301 unsafe content.
 */
final class ZhipuErrors {
    private ZhipuErrors() {
    }

    /**
     * @param status the HTTP status, or 0 for an error inside a stream
     * @param type   not used: BigModel's code says it all
     */
    static LlmException of(int status, String code, String type, String message) {
        int n;
        try {
            n = Integer.parseInt(code.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        Kind kind;
        String hint = "";
        if (n == 1113) {
            kind = Kind.QUOTA_EXHAUSTED;
            hint = " (the account is in arrears)";
        } else if (n >= 1308 && n <= 1310) {
            kind = Kind.QUOTA_EXHAUSTED;
        } else if (n == 1313) {
            kind = Kind.QUOTA_EXHAUSTED;
            hint = " (fair-use limit of the plan)";
        } else if (n >= 1000 && n <= 1004 || n >= 1110 && n <= 1121) {
            kind = Kind.AUTHENTICATION;
        } else if (n == 1211) {
            kind = Kind.MODEL_NOT_FOUND;
        } else if (n == 1261) {
            kind = Kind.CONTEXT_TOO_LONG;
        } else if (n == 1301) {
            kind = Kind.BAD_REQUEST;
            hint = " (the content was flagged as unsafe)";
        } else if (n == 1302 || n == 1303 || n == 1305) {
            kind = Kind.RATE_LIMITED;
        } else if (n >= 1210 && n <= 1215) {
            kind = Kind.BAD_REQUEST;
        } else if (n == 1234) {
            // "网络错误": a failure on their side.
            kind = Kind.UNAVAILABLE;
        } else if (status == 0) {
            kind = Kind.UNAVAILABLE;
        } else {
            kind = Kind.forHttpStatus(status);
        }
        return new LlmException(kind, (status == 0 ? "error in the stream" : "HTTP " + status) + " code "
                + (code.isEmpty() ? "?" : code) + ": " + message + hint);
    }
}
