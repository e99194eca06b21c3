package io.xugumcp.server.plugin;

import io.xugumcp.api.PluginContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Function;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginManager;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

/**
 * Creates extensions, handing each the {@link PluginContext} of the plugin it belongs to through a public constructor
 * {@code (PluginContext)}; a public no-argument constructor works too. Failures are wrapped in PF4J's exception type
 * so that one broken extension does not break {@code getExtensions()} for the others.
 * PF4J creates this factory inside its own constructor, before the host can pass anything in: hence {@link #bind}.
 */
final class ContextExtensionFactory implements ExtensionFactory {
    private volatile PluginManager manager;
    private volatile Function<String, PluginContext> contexts;

    void bind(PluginManager manager, Function<String, PluginContext> contexts) {
        this.manager = manager;
        this.contexts = contexts;
    }

    @Override
    public <T> T create(Class<T> extensionClass) {
        if (contexts == null) {
            throw new PluginRuntimeException("extension factory used before the host bound plugin contexts");
        }
        PluginWrapper plugin = manager.whichPlugin(extensionClass);
        String pluginId = plugin == null ? "host" : plugin.getPluginId();
        try {
            try {
                Constructor<T> withContext = extensionClass.getConstructor(PluginContext.class);
                return withContext.newInstance(contexts.apply(pluginId));
            } catch (NoSuchMethodException noContextConstructor) {
                return extensionClass.getConstructor().newInstance();
            }
        } catch (InvocationTargetException e) {
            throw new PluginRuntimeException(e.getCause(), "extension {} of plugin '{}' threw while being created",
                    extensionClass.getName(), pluginId);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new PluginRuntimeException(e, "cannot create extension {} of plugin '{}': it needs a public constructor"
                    + " taking PluginContext or no arguments", extensionClass.getName(), pluginId);
        }
    }
}
