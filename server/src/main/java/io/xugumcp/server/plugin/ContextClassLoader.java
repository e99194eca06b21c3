package io.xugumcp.server.plugin;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Runs plugin code with the plugin's class loader as the thread's context class loader, and puts the previous one
 * back whatever happens. Libraries inside a plugin (ServiceLoader, OkHttp, JAXB …) look classes up through the
 * context loader; on a host thread it would be the host's, which cannot see the plugin's classes.
 * The one place this swap is written: calls, completions, feature collection and LLM provider requests go through it.
 */
public final class ContextClassLoader {

    private ContextClassLoader() {
    }

    /** {@code work} run with {@code loader} as context class loader ({@code null}: the current one stays). */
    public static <T> T call(ClassLoader loader, Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (loader != null) {
            thread.setContextClassLoader(loader);
        }
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** {@link #call} for work that throws no checked exception (an LLM provider's request). */
    public static <T> T supply(ClassLoader loader, Supplier<T> work) {
        try {
            return call(loader, work::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("unreachable: a Supplier throws no checked exception", e);
        }
    }
}
