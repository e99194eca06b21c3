package io.xugumcp.plugin.conformance;

import io.xugumcp.api.Completer;
import io.xugumcp.api.Permission;
import io.xugumcp.api.Resource;
import io.xugumcp.api.ResourceContents;
import io.xugumcp.api.ResourceProvider;
import io.xugumcp.api.ResourceTemplate;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The resources of the official MCP conformance suite: two static ones, the one the suite subscribes to, and the
 * template {@code test://template/{id}/data}.
 */
@Extension
public class ConformanceResources implements ResourceProvider {

    static final String STATIC_TEXT_URI = "test://static-text";
    static final String STATIC_TEXT = "This is the content of the static text resource.";
    static final String STATIC_BINARY_URI = "test://static-binary";
    static final String WATCHED_URI = "test://watched-resource";
    static final String WATCHED_TEXT = "Watched resource content";
    static final String TEMPLATE = "test://template/{id}/data";
    static final List<String> SAMPLE_IDS = List.of("1", "2", "3", "123");

    public ConformanceResources() {
    }

    @Override
    public List<Resource> resources() {
        return List.of(
                new Resource(STATIC_TEXT_URI, "static-text", "Static Text Resource",
                        "A static text resource for testing", "text/plain", Permission.NONE,
                        request -> List.of(new ResourceContents.Text(STATIC_TEXT_URI, "text/plain", STATIC_TEXT))),
                new Resource(STATIC_BINARY_URI, "static-binary", "Static Binary Resource",
                        "A static binary resource (1x1 red PNG) for testing", Fixtures.PNG_MIME, Permission.NONE,
                        request -> List.of(
                                new ResourceContents.Blob(STATIC_BINARY_URI, Fixtures.PNG_MIME, Fixtures.PNG_BASE64))),
                new Resource(WATCHED_URI, "watched-resource", "Watched Resource",
                        "A resource clients can subscribe to", "text/plain", Permission.NONE,
                        request -> List.of(new ResourceContents.Text(WATCHED_URI, "text/plain", WATCHED_TEXT))));
    }

    @Override
    public List<ResourceTemplate> resourceTemplates() {
        Completer ids = (prefix, context) -> SAMPLE_IDS.stream()
                .filter(id -> prefix == null || id.startsWith(prefix))
                .toList();
        return List.of(new ResourceTemplate(TEMPLATE, "template", "Resource Template",
                "A resource template with parameter substitution", "application/json", Permission.NONE,
                request -> {
                    String id = request.variables().get("id");
                    if (id == null) {
                        throw new IllegalArgumentException("The URI " + request.uri() + " has no {id} part");
                    }
                    return List.of(new ResourceContents.Text(request.uri(), "application/json", templateJson(id)));
                },
                Map.of("id", ids)));
    }

    /** {@code {"id":"123","templateTest":true,"data":"Data for ID: 123"}}. */
    static String templateJson(String id) {
        return Fixtures.json(ConformanceTools.obj("id", id, "templateTest", true, "data", "Data for ID: " + id));
    }
}
