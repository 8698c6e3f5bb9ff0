package io.orkspace.orkestra.katalog.internal;

/** Matches a node's shape (map, list or scalar) against a schema type, to choose among the alternatives of a union. */
final class Shapes {

    private Shapes() {
    }

    /** The alternative of a union that fits the node's shape (the first one), or the type itself; null when nothing fits. */
    static Schema.Type pick(Schema.Type type, Node node) {
        if (!(type instanceof Schema.Union u)) {
            return type;
        }
        for (Schema.Type alt : u.alternatives()) {
            if (fits(alt, node)) {
                return alt;
            }
        }
        return null;
    }

    static boolean fits(Schema.Type type, Node node) {
        if (type instanceof Schema.Union u) {
            return u.alternatives().stream().anyMatch(a -> fits(a, node));
        }
        if (type instanceof Schema.Named || type instanceof Schema.MapOf) {
            return node instanceof Node.MapNode;
        }
        if (type instanceof Schema.ListOf) {
            return node instanceof Node.ListNode;
        }
        if (type instanceof Schema.Prim p && (p.kind() == Schema.PrimKind.ANY || p.kind() == Schema.PrimKind.TREE)) {
            return true;
        }
        return node instanceof Node.ScalarNode;
    }

    /** How a type is called in an error message: "an integer", "a list of ...", "one of a, b". */
    static String describe(Schema.Type type) {
        if (type instanceof Schema.Union u) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < u.alternatives().size(); i++) {
                sb.append(i == 0 ? "" : " or ").append(describe(u.alternatives().get(i)));
            }
            return sb.toString();
        }
        if (type instanceof Schema.Named) {
            return "a map";
        }
        if (type instanceof Schema.MapOf) {
            return "a map";
        }
        if (type instanceof Schema.ListOf) {
            return "a list";
        }
        if (type instanceof Schema.EnumOf e) {
            return "one of " + String.join(", ", e.values());
        }
        switch (((Schema.Prim) type).kind()) {
            case BOOL:
                return "a boolean (true or false)";
            case INT:
                return "an integer";
            case NUMBER:
                return "a number";
            case DURATION:
                return "a duration such as 30s, 5m or 1h30m";
            case STRING:
                return "a string";
            case TEMPLATE:
            case SCALAR:
                return "a single value (string, number or boolean)";
            default:
                return "a value";
        }
    }
}
