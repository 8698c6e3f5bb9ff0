package io.orkspace.orkestra.katalog;

import java.util.List;
import java.util.Optional;

/**
 * {@code webhooks}: which admission webhooks are registered for this CRD.
 *
 * @param validation    register in the ValidatingWebhookConfiguration (default: when validation rules exist)
 * @param mutation      register in the MutatingWebhookConfiguration (default: when mutation rules exist)
 * @param operations    operations intercepted (default CREATE, UPDATE)
 * @param failurePolicy Fail or Ignore, if set
 */
public record Webhooks(Optional<Boolean> validation, Optional<Boolean> mutation, List<String> operations,
                       Optional<String> failurePolicy) {

    public static final Webhooks DEFAULTS = new Webhooks(Optional.empty(), Optional.empty(), List.of("CREATE", "UPDATE"),
            Optional.empty());

    public Webhooks {
        operations = List.copyOf(operations);
    }
}
