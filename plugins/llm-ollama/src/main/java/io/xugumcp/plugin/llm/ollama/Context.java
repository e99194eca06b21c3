package io.xugumcp.plugin.llm.ollama;

import io.xugumcp.api.PluginConfig;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmMessage;
import io.xugumcp.api.llm.LlmRequest;

/**
 * The context window one request needs: the prompt's tokens, estimated on the safe side (chars/4 undercounts
 * Chinese, about one token per CJK character, so every non-ASCII character counts as one and ASCII as one per
 * three), plus the output limit and a margin for the chat template, rounded up to a multiple of 1024 and kept
 * within {@code min-context} and {@code max-context}. A prompt that cannot fit under {@code max-context} fails
 * before it is sent rather than being cut by the server.
 *
 * @param promptEstimate the estimated prompt tokens
 * @param numCtx         the {@code num_ctx} to send
 */
record Context(int promptEstimate, int numCtx) {
    private static final int TEMPLATE_MARGIN = 256;

    static Context of(LlmRequest q, PluginConfig settings) {
        int min = settings.getInt("min-context", 4096);
        int max = settings.getInt("max-context", 131072);
        long prompt = estimate(q.system());
        for (LlmMessage m : q.messages()) {
            prompt += estimate(m.text()) + 4;
        }
        long needed = prompt + q.maxTokens() + TEMPLATE_MARGIN;
        if (prompt + TEMPLATE_MARGIN > max) {
            throw new LlmException(LlmException.Kind.CONTEXT_TOO_LONG, "the prompt needs about " + prompt
                    + " tokens, more than max-context " + max + " (xugu-mcp.llm.ollama.max-context)");
        }
        long rounded = (needed + 1023) / 1024 * 1024;
        return new Context((int) prompt, (int) Math.max(min, Math.min(max, rounded)));
    }

    static long estimate(String text) {
        if (text == null) {
            return 0;
        }
        long ascii = 0;
        long other = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp < 128) {
                ascii++;
            } else {
                other++;
            }
            i += Character.charCount(cp);
        }
        return (ascii + 2) / 3 + other;
    }
}
