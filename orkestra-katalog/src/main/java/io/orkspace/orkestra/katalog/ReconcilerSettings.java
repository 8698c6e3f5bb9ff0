package io.orkspace.orkestra.katalog;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code operatorBox.reconciler}: the settings as written (null when absent; {@link CrdEntry} holds the resolved values).
 *
 * @param workers     worker threads, if set here
 * @param resync      re-list interval, if set here
 * @param queue       queue tuning
 * @param hooks       Java hooks called around the declarative reconcile
 * @param constructor a fully custom Java reconciler ({@code default: false})
 */
public record ReconcilerSettings(Integer workers, Duration resync, QueueSettings queue, Optional<HookRef> hooks,
                                 Optional<HookRef> constructor) {
}
