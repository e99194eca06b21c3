package io.xugumcp.plugin.dml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xugumcp.api.ErrorCode;
import io.xugumcp.api.ToolException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The rows of an import, read lazily: inline JSON rows, CSV text with a header line (RFC 4180: quoted fields, doubled
 * quotes, line breaks inside quotes; an empty unquoted field is NULL, {@code ""} is an empty string), or a JSON array
 * of objects streamed from a file. A malformed row throws {@link ToolException} from {@code next()} naming the row,
 * which the host reports as that row's failure.
 */
final class ImportData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImportData() {
    }

    /** Rows already parsed (the {@code data} array of the call). */
    static Iterator<Map<String, Object>> rows(List<?> data) {
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < data.size();
            }

            @Override
            public Map<String, Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Object o = data.get(i);
                int at = i++;
                if (!(o instanceof Map<?, ?> m)) {
                    throw new ToolException(ErrorCode.INVALID_ARGUMENT, "data[" + at + "] is not an object of column: value.");
                }
                return Requests.row(m, "data[" + at + "]");
            }
        };
    }

    /** A JSON array of row objects, streamed. */
    static Iterator<Map<String, Object>> json(Reader in) {
        try {
            JsonParser p = JSON.getFactory().createParser(in);
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "JSON import data must be an array of row objects.");
            }
            return new Iterator<>() {
                private JsonToken next = advance();
                private long row;

                private JsonToken advance() {
                    try {
                        return p.nextToken();
                    } catch (IOException e) {
                        throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The JSON data is malformed after row " + row
                                + ": " + String.valueOf(e.getMessage()).split("\n")[0]);
                    }
                }

                @Override
                public boolean hasNext() {
                    return next != null && next != JsonToken.END_ARRAY;
                }

                @Override
                @SuppressWarnings("unchecked")
                public Map<String, Object> next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    long at = row++;
                    try {
                        if (next != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            next = advance();
                            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Row " + at + " is not an object.");
                        }
                        Map<String, Object> m = JSON.readValue(p, LinkedHashMap.class);
                        next = advance();
                        return m;
                    } catch (IOException e) {
                        next = null;
                        throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Row " + at + " is not valid JSON: "
                                + e.getMessage().split("\n")[0]);
                    }
                }
            };
        } catch (IOException e) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The JSON data cannot be read: " + e.getMessage());
        }
    }

    /** CSV with a header line naming the columns. */
    static Iterator<Map<String, Object>> csv(Reader in, char delimiter) {
        Csv csv = new Csv(in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16), delimiter);
        List<String> header = csv.record();
        if (header == null || header.isEmpty() || header.size() == 1 && header.get(0) == null) {
            throw new ToolException(ErrorCode.INVALID_ARGUMENT, "The CSV data is empty; its first line must name the columns.");
        }
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i) == null || header.get(i).isBlank()) {
                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Column " + (i + 1) + " of the CSV header has no name.");
            }
        }
        // A UTF-8 byte order mark from spreadsheet exports is not part of the first name.
        if (header.get(0).startsWith("\uFEFF")) {
            header.set(0, header.get(0).substring(1));
        }
        return new Iterator<>() {
            private long row;
            private ToolException broken;
            private List<String> pending = read();

            /** Reads ahead; a malformed record is thrown when its turn comes, not while the previous row is returned. */
            private List<String> read() {
                try {
                    return csv.record();
                } catch (ToolException e) {
                    broken = new ToolException(ErrorCode.INVALID_ARGUMENT, "Row " + row + " (from line " + csv.line
                            + "): " + e.getMessage() + ".");
                    return null;
                }
            }

            @Override
            public boolean hasNext() {
                return pending != null || broken != null;
            }

            @Override
            public Map<String, Object> next() {
                if (pending == null) {
                    if (broken != null) {
                        ToolException e = broken;
                        broken = null;
                        throw e;
                    }
                    throw new NoSuchElementException();
                }
                List<String> fields = pending;
                long at = row++;
                pending = read();
                if (fields.size() != header.size()) {
                    throw new ToolException(ErrorCode.INVALID_ARGUMENT, "Row " + at + " has " + fields.size()
                            + " fields; the CSV header has " + header.size() + ".");
                }
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    m.put(header.get(i), fields.get(i));
                }
                return m;
            }
        };
    }

    /** A small RFC 4180 reader. Records are lists of fields; an empty unquoted field is {@code null}. */
    private static final class Csv {
        private final BufferedReader in;
        private final char delimiter;
        long line;

        Csv(BufferedReader in, char delimiter) {
            this.in = in;
            this.delimiter = delimiter;
        }

        /** The next record, or {@code null} at the end. Blank lines are skipped. */
        List<String> record() {
            try {
                String l;
                do {
                    l = in.readLine();
                    line++;
                    if (l == null) {
                        return null;
                    }
                } while (l.isEmpty());
                List<String> fields = new ArrayList<>();
                StringBuilder f = new StringBuilder();
                boolean quoted = false;
                boolean wasQuoted = false;
                int i = 0;
                while (true) {
                    if (i >= l.length()) {
                        if (quoted) {
                            String more = in.readLine();
                            line++;
                            if (more == null) {
                                throw new ToolException(ErrorCode.INVALID_ARGUMENT, "a quoted field is not closed"
                                        + " before the end of the data");
                            }
                            f.append('\n');
                            l = more;
                            i = 0;
                            continue;
                        }
                        fields.add(!wasQuoted && f.length() == 0 ? null : f.toString());
                        return fields;
                    }
                    char c = l.charAt(i++);
                    if (quoted) {
                        if (c == '"') {
                            if (i < l.length() && l.charAt(i) == '"') {
                                f.append('"');
                                i++;
                            } else {
                                quoted = false;
                            }
                        } else {
                            f.append(c);
                        }
                    } else if (c == '"' && f.length() == 0 && !wasQuoted) {
                        quoted = true;
                        wasQuoted = true;
                    } else if (c == delimiter) {
                        fields.add(!wasQuoted && f.length() == 0 ? null : f.toString());
                        f.setLength(0);
                        wasQuoted = false;
                    } else if (c == '\r' && i == l.length()) {
                        // CRLF line end read by readLine as a trailing CR in some inputs.
                        continue;
                    } else {
                        f.append(c);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
