/**
 * Language models (API 0.3.0). A plugin that needs a model asks the host for the configured one through
 * {@link io.xugumcp.api.llm.Llm} ({@code call.llm()} / {@code context.llm()}), never for a provider class.
 * Provider plugins implement {@link io.xugumcp.api.llm.LlmProvider}: they translate a request into their vendor's
 * wire format and the vendor's answers and errors back. Everything providers share – configuration
 * ({@code LLM_PROVIDER}, {@code LLM_MODEL}, {@code LLM_API_KEY} …), HTTP with timeouts, proxies and a concurrency cap,
 * retries that honour {@code retry-after}, cancellation, redaction of keys, and the token usage written to the audit
 * record of the tool call – lives in the host, written once.
 *
 * @since 0.3.0
 */
package io.xugumcp.api.llm;
