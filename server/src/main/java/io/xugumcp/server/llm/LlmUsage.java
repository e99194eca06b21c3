package io.xugumcp.server.llm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one tool call spent on the model: requests, tokens, time, failures. Added to the call's audit record (never
 * the prompt, the answer or the key).
 */
public final class LlmUsage {
    private String provider;
    private String model;
    private int requests;
    private int failures;
    private int retries;
    private long inputTokens;
    private long outputTokens;
    private long elapsedMs;
    private String lastError;

    synchronized void reply(String provider, String model, long in, long out, long ms, int retries) {
        this.provider = provider;
        this.model = model;
        requests++;
        this.retries += retries;
        inputTokens += Math.max(0, in);
        outputTokens += Math.max(0, out);
        elapsedMs += ms;
    }

    synchronized void failure(String provider, String model, String kind, long ms, int retries) {
        this.provider = provider;
        this.model = model;
        failures++;
        this.retries += retries;
        elapsedMs += ms;
        lastError = kind;
    }

    public synchronized long inputTokens() {
        return inputTokens;
    }

    public synchronized long outputTokens() {
        return outputTokens;
    }

    /** True when the call sent nothing to a model. */
    public synchronized boolean isEmpty() {
        return requests == 0 && failures == 0;
    }

    /** The audit form: {@code {provider, model, requests, inputTokens, outputTokens, elapsedMs[, failures, error]}}. */
    public synchronized Map<String, Object> toAudit() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", provider);
        m.put("model", model);
        m.put("requests", requests);
        m.put("inputTokens", inputTokens);
        m.put("outputTokens", outputTokens);
        m.put("elapsedMs", elapsedMs);
        if (retries > 0) {
            m.put("retries", retries);
        }
        if (failures > 0) {
            m.put("failures", failures);
            m.put("error", lastError);
        }
        return m;
    }
}
