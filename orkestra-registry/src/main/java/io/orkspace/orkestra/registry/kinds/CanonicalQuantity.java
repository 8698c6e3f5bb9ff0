package io.orkspace.orkestra.registry.kinds;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes quantity written the way the API server writes it back ({@code 0.5} is stored as {@code 500m},
 * {@code 1024Mi} as {@code 1Gi}, {@code 2000} as {@code 2k}), following apimachinery's {@code CanonicalizeBytes}.
 * Sending the canonical form makes a built object equal to the live one, so a reconcile with nothing to change
 * writes nothing.
 */
final class CanonicalQuantity {

    private static final Pattern QUANTITY = Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))([eE][+-]?\\d+|[KMGTPE]i|[numkMGTPE])?");
    private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final Map<String, Integer> DECIMAL_EXPONENT = Map.ofEntries(Map.entry("n", -9), Map.entry("u", -6),
            Map.entry("m", -3), Map.entry("", 0), Map.entry("k", 3), Map.entry("M", 6), Map.entry("G", 9), Map.entry("T", 12),
            Map.entry("P", 15), Map.entry("E", 18));
    private static final BigDecimal BINARY_LIMIT = BigDecimal.valueOf(1024);

    private CanonicalQuantity() {
    }

    /** True when {@code text} is a quantity. */
    static boolean valid(String text) {
        return QUANTITY.matcher(text).matches();
    }

    /** The canonical form of a valid quantity. */
    static String of(String text) {
        Matcher m = QUANTITY.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a quantity: " + text);
        }
        String suffix = m.group(2) == null ? "" : m.group(2);
        BigDecimal number = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
        boolean binary = suffix.endsWith("i");
        boolean exponentForm = suffix.startsWith("e") || suffix.startsWith("E");
        BigDecimal value;
        if (binary) {
            value = number.multiply(BigDecimal.valueOf(1024).pow(indexOf(suffix)));
        } else if (exponentForm) {
            value = number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        } else {
            value = number.scaleByPowerOfTen(DECIMAL_EXPONENT.get(suffix));
        }
        // the server keeps nano precision, rounding away from zero
        value = value.setScale(9, RoundingMode.UP).stripTrailingZeros();
        if (value.signum() == 0) {
            return "0";
        }
        if (binary && value.abs().compareTo(BINARY_LIMIT) >= 0 && value.scale() <= 0) {
            BigInteger n = value.toBigIntegerExact();
            int power = 0;
            BigInteger k = BigInteger.valueOf(1024);
            while (power < BINARY.length - 1 && n.mod(k).signum() == 0) {
                n = n.divide(k);
                power++;
            }
            return n + BINARY[power];
        }
        // decimal: an integer mantissa and an exponent that is a multiple of 3
        int exponent = -value.scale();
        BigInteger mantissa = value.unscaledValue();
        int e3 = Math.floorDiv(exponent, 3) * 3;
        mantissa = mantissa.multiply(BigInteger.TEN.pow(exponent - e3));
        if (exponentForm) {
            return e3 == 0 ? mantissa.toString() : mantissa + "e" + e3;
        }
        if (e3 > 18) {
            return mantissa.multiply(BigInteger.TEN.pow(e3 - 18)) + "E";
        }
        for (Map.Entry<String, Integer> e : DECIMAL_EXPONENT.entrySet()) {
            if (e.getValue() == e3) {
                return mantissa + e.getKey();
            }
        }
        throw new IllegalStateException("no suffix for exponent " + e3);
    }

    private static int indexOf(String binarySuffix) {
        for (int i = 0; i < BINARY.length; i++) {
            if (BINARY[i].equals(binarySuffix)) {
                return i;
            }
        }
        throw new IllegalArgumentException(binarySuffix);
    }
}
