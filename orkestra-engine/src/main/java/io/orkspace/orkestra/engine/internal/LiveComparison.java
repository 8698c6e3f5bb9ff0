package io.orkspace.orkestra.engine.internal;

import java.util.List;
import java.util.Map;

/**
 * Decides whether applying a desired object would change the live one: true when every field the desired object
 * sets already has that value in the live object (fields set by others or defaulted by the server do not matter,
 * since server-side apply only owns what it sends). This is what makes a no-op reconcile write nothing.
 */
final class LiveComparison {

    private LiveComparison() {
    }

    /** True when {@code live} already contains everything {@code desired} sets. */
    static boolean satisfies(Map<?, ?> live, Map<?, ?> desired) {
        for (Map.Entry<?, ?> e : desired.entrySet()) {
            Object key = e.getKey();
            if ("status".equals(key)) {
                continue;
            }
            if ("ownerReferences".equals(key)) {
                if (!sameOwners(live.get(key), e.getValue())) {
                    return false;
                }
                continue;
            }
            if (!covers(live.get(key), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Owner references are merged by uid: the same owner seen through two versions of its CRD (two Katalog entries
     * for v1alpha1 and v1) is the same owner, whatever apiVersion each entry writes.
     */
    private static boolean sameOwners(Object live, Object desired) {
        if (!(desired instanceof List<?> dl)) {
            return true;
        }
        if (!(live instanceof List<?> ll)) {
            return dl.isEmpty();
        }
        for (Object d : dl) {
            Object uid = d instanceof Map<?, ?> dm ? dm.get("uid") : null;
            boolean found = ll.stream().anyMatch(l -> l instanceof Map<?, ?> lm && java.util.Objects.equals(lm.get("uid"), uid)
                    && java.util.Objects.equals(lm.get("controller"), ((Map<?, ?>) d).get("controller")));
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static boolean covers(Object live, Object desired) {
        if (desired == null) {
            return true;
        }
        if (desired instanceof Map<?, ?> dm) {
            if (dm.isEmpty()) {
                return true;
            }
            return live instanceof Map<?, ?> lm && satisfies(lm, dm);
        }
        if (desired instanceof List<?> dl) {
            if (!(live instanceof List<?> ll) || ll.size() != dl.size()) {
                return false;
            }
            for (int i = 0; i < dl.size(); i++) {
                if (!covers(ll.get(i), dl.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (desired instanceof Number dn && live instanceof Number ln) {
            return dn.doubleValue() == ln.doubleValue();
        }
        // IntOrString and friends: 8080 and "8080" are the same value on the wire
        return desired.equals(live) || live != null && String.valueOf(desired).equals(String.valueOf(live));
    }
}
