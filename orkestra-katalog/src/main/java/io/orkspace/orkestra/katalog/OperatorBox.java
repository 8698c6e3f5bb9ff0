package io.orkspace.orkestra.katalog;

import java.util.List;

/**
 * What the operator of one CRD does: the reconciler settings, the lifecycle blocks, status and observation.
 *
 * @param defaultReconciler {@code reconciler.default} (older spelling {@code operatorBox.default}): true runs the
 *                          declarative reconciler; false hands reconciling to {@code reconciler.constructor}
 * @param reconciler        workers, resync, queue, hooks, constructor
 * @param onCreate          applied once when the CR is first seen; entries with {@code reconcile: true} are also drift-corrected
 * @param onReconcile       applied on every reconcile
 * @param onDelete          run under the finalizer when the CR is deleted
 * @param status            declared status fields and whether the Ready condition is written
 * @param finalizers        per-CRD finalizers (override {@code spec.finalizers})
 * @param when              box-level conditions
 * @param observe           {@code observe.watch} and {@code observe.events}: what else makes a CR reconcile
 */
public record OperatorBox(boolean defaultReconciler, ReconcilerSettings reconciler, TemplateBlock onCreate,
                          TemplateBlock onReconcile, TemplateBlock onDelete, StatusBlock status, List<String> finalizers,
                          Conditions when, Observe observe) {

    public OperatorBox {
        finalizers = List.copyOf(finalizers);
    }
}
