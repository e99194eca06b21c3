package io.xugumcp.server.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.xugumcp.api.Content;
import io.xugumcp.api.ResourceContents;
import java.util.ArrayList;
import java.util.List;

/** Maps the API's content types to the SDK's. */
final class ContentMapper {

    private ContentMapper() {
    }

    static List<McpSchema.Content> contents(List<Content> in) {
        List<McpSchema.Content> out = new ArrayList<>(in.size());
        for (Content c : in) {
            out.add(content(c));
        }
        return out;
    }

    static McpSchema.Content content(Content c) {
        if (c instanceof Content.Text t) {
            return new McpSchema.TextContent(t.text());
        }
        if (c instanceof Content.Image i) {
            return new McpSchema.ImageContent(null, i.base64Data(), i.mimeType());
        }
        if (c instanceof Content.Audio a) {
            return new McpSchema.AudioContent(null, a.base64Data(), a.mimeType());
        }
        if (c instanceof Content.EmbeddedResource r) {
            return new McpSchema.EmbeddedResource(null, resource(r.resource()));
        }
        throw new IllegalArgumentException("unknown content type " + c.getClass().getName());
    }

    static McpSchema.ResourceContents resource(ResourceContents r) {
        if (r instanceof ResourceContents.Text t) {
            return new McpSchema.TextResourceContents(t.uri(), t.mimeType(), t.text());
        }
        ResourceContents.Blob b = (ResourceContents.Blob) r;
        return new McpSchema.BlobResourceContents(b.uri(), b.mimeType(), b.base64Data());
    }

    static List<McpSchema.ResourceContents> resources(List<ResourceContents> in) {
        List<McpSchema.ResourceContents> out = new ArrayList<>(in.size());
        for (ResourceContents r : in) {
            out.add(resource(r));
        }
        return out;
    }
}
