package io.xugumcp.api;

/** The contents of a resource: text or binary (base64). */
public sealed interface ResourceContents {

    /** The resource's URI. */
    String uri();

    /** The MIME type, e.g. {@code application/json}. */
    String mimeType();

    /** Text contents. */
    record Text(String uri, String mimeType, String text) implements ResourceContents {
    }

    /** Binary contents, base64-encoded. */
    record Blob(String uri, String mimeType, String base64Data) implements ResourceContents {
    }
}
