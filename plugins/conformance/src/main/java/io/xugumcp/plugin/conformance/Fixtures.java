package io.xugumcp.plugin.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Shared data of the conformance fixtures: the texts the suite checks, a tiny PNG and WAV generated at class
 * initialisation (so no binary blob is pasted into the source), and a minimal JSON writer for the result texts
 * (this plugin carries no JSON library).
 */
final class Fixtures {

    /** The logger name used for the log notifications of {@code test_tool_with_logging}. */
    static final String LOGGER = "conformance";

    /** A 1x1 red PNG, base64-encoded. */
    static final String PNG_BASE64 = Base64.getEncoder().encodeToString(redPixelPng());

    /** A short mono 16-bit PCM WAV (10 ms of a 440 Hz tone at 8 kHz), base64-encoded. */
    static final String WAV_BASE64 = Base64.getEncoder().encodeToString(toneWav());

    static final String PNG_MIME = "image/png";
    static final String WAV_MIME = "audio/wav";

    private Fixtures() {
    }

    // ---- binary fixtures ----------------------------------------------------------------------------------------

    static byte[] redPixelPng() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).order(ByteOrder.BIG_ENDIAN);
        ihdr.putInt(1).putInt(1);      // width, height
        ihdr.put((byte) 8);            // bit depth
        ihdr.put((byte) 2);            // colour type: truecolour RGB
        ihdr.put((byte) 0).put((byte) 0).put((byte) 0); // compression, filter, interlace
        chunk(out, "IHDR", ihdr.array());
        byte[] scanline = {0, (byte) 0xff, 0, 0}; // filter type 0, then R G B
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(scanline);
        deflater.finish();
        byte[] buf = new byte[64];
        int n = deflater.deflate(buf);
        deflater.end();
        byte[] idat = new byte[n];
        System.arraycopy(buf, 0, idat, 0, n);
        chunk(out, "IDAT", idat);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static byte[] toneWav() {
        int sampleRate = 8000;
        int samples = 80;
        int dataBytes = samples * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        b.putShort((short) 1);              // PCM
        b.putShort((short) 1);              // mono
        b.putInt(sampleRate);
        b.putInt(sampleRate * 2);           // byte rate
        b.putShort((short) 2);              // block align
        b.putShort((short) 16);             // bits per sample
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / sampleRate)));
        }
        return b.array();
    }

    // ---- JSON text ------------------------------------------------------------------------------------------------

    /** Writes JSON-shaped values (maps, lists, strings, numbers, booleans, null) as compact JSON. */
    static String json(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String s) {
            string(sb, s);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte) {
            sb.append(value);
        } else if (value instanceof Number num) {
            double d = num.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                sb.append("null");
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                sb.append((long) d);
            } else {
                sb.append(num);
            }
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                string(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
                if (it.hasNext()) {
                    sb.append(',');
                }
            }
            sb.append('}');
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, list.get(i));
            }
            sb.append(']');
        } else {
            string(sb, value.toString());
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
