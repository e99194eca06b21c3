package io.xugumcp.server.plugin;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Builds a real plugin JAR at test time: compiles the given sources against the test class path and writes the PF4J
 * manifest and extension index. Plugins made this way stay off the test class path (as plugins must).
 */
public final class TestPluginJar {
    private final String id;
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<String> extensions = new ArrayList<>();
    private final Map<String, String> resources = new LinkedHashMap<>();

    public TestPluginJar(String id) {
        this.id = id;
        manifest.put("Plugin-Id", id);
        manifest.put("Plugin-Version", "1.0.0");
        manifest.put("Plugin-Requires", ">=0.1.0");
    }

    public TestPluginJar manifest(String key, String value) {
        manifest.put(key, value);
        return this;
    }

    /** Adds a class; {@code extension} marks it for META-INF/extensions.idx. */
    public TestPluginJar source(String className, String code, boolean extension) {
        sources.put(className, code);
        if (extension) {
            extensions.add(className);
        }
        return this;
    }

    /** Adds a resource file (e.g. the plugin's {@code reference.conf}). */
    TestPluginJar resource(String name, String content) {
        resources.put(name, content);
        return this;
    }

    /** A tool group with one tool that answers {@code text}. */
    public TestPluginJar toolGroup(String pkg, String toolName, String text) {
        String cls = pkg + ".Tools";
        return source(cls, "package " + pkg + ";\n"
                + "import io.xugumcp.api.*; import java.util.List;\n"
                + "@org.pf4j.Extension public class Tools implements ToolGroup {\n"
                + "  private final PluginContext ctx;\n"
                + "  public Tools(PluginContext ctx) { this.ctx = ctx; }\n"
                + "  public List<Tool> tools() { return List.of(Tool.builder(\"" + toolName + "\").description(\"t\")"
                + "    .handler(c -> ToolResult.text(ctx.config().getString(\"greeting\", \"" + text + "\"))).build()); }\n"
                + "}\n", true);
    }

    public Path writeTo(Path dir) throws IOException {
        Path classes = Files.createTempDirectory(id + "-classes");
        compile(classes);
        Path jar = dir.resolve(id + "-1.0.0.jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            for (Map.Entry<String, String> r : resources.entrySet()) {
                out.putNextEntry(new JarEntry(r.getKey()));
                out.write(r.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
            out.write(String.join("\n", extensions).concat("\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    /** Adds a class file from the test class path (e.g. to simulate a plugin that bundles the API). */
    static void addClassBytes(Path jar, Class<?> cls) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (java.util.jar.JarFile in = new java.util.jar.JarFile(jar.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), in.getManifest())) {
            for (JarEntry e : java.util.Collections.list(in.entries())) {
                if (e.getName().equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(e.getName()));
                in.getInputStream(e).transferTo(out);
                out.closeEntry();
            }
            String name = cls.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(name));
            try (var bytes = cls.getClassLoader().getResourceAsStream(name)) {
                bytes.transferTo(out);
            }
            out.closeEntry();
        }
        Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private void compile(Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            fm.setLocation(StandardLocation.CLASS_OUTPUT, List.of(classes.toFile()));
            List<JavaFileObject> units = new ArrayList<>();
            sources.forEach((cls, code) -> units.add(new SimpleJavaFileObject(
                    URI.create("string:///" + cls.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignore) {
                    return code;
                }
            }));
            List<String> options = List.of("--release", "17", "-proc:none", "-classpath", System.getProperty("java.class.path"));
            java.io.StringWriter errors = new java.io.StringWriter();
            if (!javac.getTask(errors, fm, null, options, null, units).call()) {
                throw new IllegalStateException("test plugin " + id + " does not compile:\n" + errors);
            }
        }
    }

}
