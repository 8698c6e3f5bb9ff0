package io.orkspace.orkestra.komposer.internal;

import java.util.function.UnaryOperator;

/**
 * What to present to a server: a user name and a password, or a token. Read from the environment variables an
 * import's {@code auth:} names, or from the Docker configuration for registries.
 *
 * @param token true when {@code secret} is a token (sent as {@code Bearer}, or as the password of a token request)
 */
public record Credentials(String username, String secret, boolean token) {

    /** The credentials an {@code auth:} block names, or null when there is none. */
    public static Credentials of(KomposerDocument.Auth auth, UnaryOperator<String> env) throws SourceException {
        if (auth == null) {
            return null;
        }
        String type = auth.type() == null ? (auth.fromEnv() != null ? "bearer" : "basic") : auth.type();
        if (type.equals("basic")) {
            return new Credentials(required(env, auth.usernameFromEnv(), "usernameFromEnv"), required(env, auth.passwordFromEnv(), "passwordFromEnv"),
                    false);
        }
        String user = auth.usernameFromEnv() == null ? "orkestra" : required(env, auth.usernameFromEnv(), "usernameFromEnv");
        return new Credentials(user, required(env, auth.fromEnv(), "fromEnv"), true);
    }

    /** The {@code Authorization} header for a plain HTTP source. */
    public String authorization() {
        return token ? "Bearer " + secret : Http.basic(username, secret);
    }

    private static String required(UnaryOperator<String> env, String variable, String field) throws SourceException {
        if (variable == null) {
            throw new SourceException("auth." + field + " is required for this auth type");
        }
        String value = env.apply(variable);
        if (value == null || value.isEmpty()) {
            throw new SourceException("auth." + field + ": environment variable " + variable + " is not set");
        }
        return value;
    }
}
