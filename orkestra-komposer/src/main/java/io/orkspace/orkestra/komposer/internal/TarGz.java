package io.orkspace.orkestra.komposer.internal;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the regular files of a {@code .tgz} (a Helm chart): ustar headers, with the long names of PAX ({@code x})
 * and GNU ({@code L}) extensions. Links, devices and directories are skipped: a chart is plain files.
 */
public final class TarGz {

    private static final int BLOCK = 512;
    private static final long MAX_ENTRY = 64L * 1024 * 1024;

    private TarGz() {
    }

    /** Path inside the archive → content, in archive order. */
    public static Map<String, byte[]> read(byte[] tgz) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tgz))) {
            String longName = null;
            byte[] header = new byte[BLOCK];
            while (true) {
                if (!readFully(in, header)) {
                    break;
                }
                if (isZero(header)) {
                    break;
                }
                if (!checksumOk(header)) {
                    throw new IOException("not a tar archive (bad header checksum)");
                }
                char type = (char) header[156];
                long size = octal(header, 124, 12);
                if (size < 0 || size > MAX_ENTRY) {
                    throw new IOException("tar entry too large: " + size + " bytes");
                }
                byte[] data = new byte[(int) size];
                if (!readFully(in, data)) {
                    throw new EOFException("truncated tar entry");
                }
                skip(in, (BLOCK - size % BLOCK) % BLOCK);
                if (type == 'x') {
                    String path = paxPath(data);
                    longName = path != null ? path : longName;
                    continue;
                }
                if (type == 'L') {
                    longName = cString(data, 0, data.length);
                    continue;
                }
                if (type == 'g') {
                    continue;
                }
                String name = longName != null ? longName : name(header);
                longName = null;
                if (type == '0' || type == '\0' || type == '7') {
                    files.put(name.startsWith("./") ? name.substring(2) : name, data);
                }
            }
        }
        return files;
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = cString(h, 257, 6).startsWith("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** PAX records are {@code "<length> <key>=<value>\n"}, the length counting the whole record in bytes. */
    private static String paxPath(byte[] data) {
        String path = null;
        int off = 0;
        while (off < data.length) {
            int space = off;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            if (space >= data.length) {
                break;
            }
            int len = Integer.parseInt(new String(data, off, space - off, StandardCharsets.US_ASCII));
            if (len <= 0 || off + len > data.length) {
                break;
            }
            String record = new String(data, space + 1, off + len - space - 2, StandardCharsets.UTF_8);
            if (record.startsWith("path=")) {
                path = record.substring(5);
            }
            off += len;
        }
        return path;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) throws IOException {
        if ((b[off] & 0x80) != 0) {
            throw new IOException("tar entry sizes in base-256 are not supported");
        }
        String s = cString(b, off, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }

    private static boolean checksumOk(byte[] h) throws IOException {
        long stored = octal(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        return sum == stored;
    }

    private static boolean isZero(byte[] h) {
        for (byte x : h) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readFully(InputStream in, byte[] buf) throws IOException {
        int n = in.readNBytes(buf, 0, buf.length);
        if (n == 0 && buf.length > 0) {
            return false;
        }
        if (n < buf.length) {
            throw new EOFException("truncated tar archive");
        }
        return true;
    }

    private static void skip(InputStream in, long n) throws IOException {
        byte[] pad = new byte[(int) n];
        if (n > 0 && in.readNBytes(pad, 0, pad.length) < n) {
            throw new EOFException("truncated tar archive");
        }
    }
}
