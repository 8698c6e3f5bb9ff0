package io.orkspace.orkestra.komposer.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes a {@code .tgz} the way {@code helm package} does: ustar headers, PAX records for names over 100 bytes. */
public final class TarGzWriter {

    private TarGzWriter() {
    }

    public static byte[] write(Map<String, byte[]> files) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                for (Map.Entry<String, byte[]> f : files.entrySet()) {
                    String name = f.getKey();
                    if (name.getBytes(StandardCharsets.UTF_8).length > 100) {
                        String record = "path=" + name + "\n";
                        int len = record.length() + 3;
                        while (String.valueOf(len).length() + 1 + record.length() != len) {
                            len = String.valueOf(len).length() + 1 + record.length();
                        }
                        byte[] pax = (len + " " + record).getBytes(StandardCharsets.UTF_8);
                        entry(gz, "PaxHeaders/x", 'x', pax);
                        name = name.substring(name.length() - 90);
                    }
                    entry(gz, name, '0', f.getValue());
                }
                gz.write(new byte[1024]);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void entry(GZIPOutputStream out, String name, char type, byte[] data) throws IOException {
        byte[] h = new byte[512];
        put(h, 0, name, 100);
        put(h, 100, "0000644", 8);
        put(h, 108, "0000000", 8);
        put(h, 116, "0000000", 8);
        put(h, 124, String.format("%011o", data.length), 12);
        put(h, 136, String.format("%011o", 0), 12);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        h[156] = (byte) type;
        put(h, 257, "ustar", 6);
        put(h, 263, "00", 2);
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum), 7);
        out.write(h);
        out.write(data);
        int pad = (512 - data.length % 512) % 512;
        out.write(new byte[pad]);
    }

    private static void put(byte[] h, int off, String s, int len) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, Math.min(b.length, len));
    }
}
