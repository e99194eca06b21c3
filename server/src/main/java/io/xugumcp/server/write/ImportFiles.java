package io.xugumcp.server.write;

import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The operator's import folder: the only place an import may read files from. A path is resolved inside the folder
 * and refused when it – after following symbolic links – leads anywhere else, so {@code ../../etc/passwd}, an
 * absolute path and a link pointing out all fail the same way.
 */
final class ImportFiles {

    private ImportFiles() {
    }

    static InputStream open(WriteSettings settings, String path) {
        Path dir = settings.importDir();
        if (dir == null) {
            throw new ToolException(ErrorCode.DENIED, "File imports are off: the operator has not set an import folder"
                    + " (xugu-mcp.writes.import-dir, or XUGU_MCP_IMPORT_DIR). Send the rows inline in 'data' instead.");
        }
        if (path == null || path.isBlank() || path.indexOf('\0') >= 0) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Give the file's name inside the import folder.");
        }
        Path file;
        try {
            file = dir.resolve(path.strip()).normalize();
        } catch (InvalidPathException e) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "'" + path + "' is not a valid file name.");
        }
        if (!file.startsWith(dir)) {
            throw outside(path);
        }
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(dir.toRealPath())) {
                throw outside(path);
            }
            if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "'" + path + "' is not a regular file.");
            }
            long size = Files.size(real);
            if (size > settings.maxImportFileBytes()) {
                throw new ToolException(ErrorCode.LIMIT_EXCEEDED, "'" + path + "' is " + size + " bytes; the limit is "
                        + settings.maxImportFileBytes() + " (xugu-mcp.writes.max-import-file-size).");
            }
            return Files.newInputStream(real);
        } catch (NoSuchFileException e) {
            throw new ToolException(ErrorCode.NOT_FOUND, "There is no file '" + path + "' in the import folder.");
        } catch (IOException e) {
            throw new ToolException(ErrorCode.UNAVAILABLE, "The file '" + path + "' cannot be read: "
                    + e.getClass().getSimpleName() + ".");
        }
    }

    private static ToolException outside(String path) {
        return new ToolException(ErrorCode.DENIED, "'" + path + "' is outside the import folder; only files inside it"
                + " can be imported. Give a name relative to the folder.");
    }
}
