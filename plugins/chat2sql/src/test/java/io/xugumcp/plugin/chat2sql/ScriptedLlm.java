package io.xugumcp.plugin.chat2sql;

import io.xugumcp.api.llm.Llm;
import io.xugumcp.api.llm.LlmException;
import io.xugumcp.api.llm.LlmMessage;
import io.xugumcp.api.llm.LlmReply;
import io.xugumcp.api.llm.LlmRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A language model that answers from a script and keeps every request, so tests can say what the model sees. Each
 * scripted answer may look at the request (the feedback of the last round, say) before it is given.
 */
final class ScriptedLlm implements Llm {
    private final Deque<Function<LlmRequest, LlmReply>> script = new ArrayDeque<>();
    final List<LlmRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private Runnable onCall = () -> { };

    /** A JSON answer with the given SQL (null for none). */
    ScriptedLlm sql(String sql, String explanation) {
        String json = "{\"sql\": " + (sql == null ? "null" : quote(sql)) + ", \"clarification\": null, \"explanation\": "
                + quote(explanation) + "}";
        return text(json);
    }

    ScriptedLlm text(String text) {
        script.add(r -> new LlmReply(text, "scripted-1", 1000, 50, LlmReply.FinishReason.STOP));
        return this;
    }

    ScriptedLlm failing(LlmException e) {
        script.add(r -> {
            throw e;
        });
        return this;
    }

    ScriptedLlm onCall(Runnable r) {
        this.onCall = r;
        return this;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** Every text the model was sent: system texts and messages. */
    String allPrompts() {
        StringBuilder b = new StringBuilder();
        for (LlmRequest r : requests) {
            b.append(r.system()).append('\n');
            for (LlmMessage m : r.messages()) {
                b.append(m.role()).append(": ").append(m.text()).append('\n');
            }
        }
        return b.toString();
    }

    /** The last user message of request {@code i}. */
    String lastUserMessage(int i) {
        List<LlmMessage> m = requests.get(i).messages();
        return m.get(m.size() - 1).text();
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public String provider() {
        return "scripted";
    }

    @Override
    public String model() {
        return "scripted-1";
    }

    @Override
    public LlmReply complete(LlmRequest request) {
        requests.add(request);
        onCall.run();
        Function<LlmRequest, LlmReply> next = script.poll();
        if (next == null) {
            throw new LlmException(LlmException.Kind.UNAVAILABLE, "script exhausted");
        }
        return next.apply(request);
    }

    @Override
    public LlmReply stream(LlmRequest request, Consumer<String> onText) {
        LlmReply r = complete(request);
        onText.accept(r.text());
        return r;
    }
}
