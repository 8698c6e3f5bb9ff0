package io.orkspace.orkestra.testkit.internal;

/** Where a stored object lives: its resource's storage key, namespace ("" for cluster-scoped) and name. */
record ObjectRef(String storageKey, String namespace, String name) {}
