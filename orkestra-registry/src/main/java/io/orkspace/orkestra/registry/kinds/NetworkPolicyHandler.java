package io.orkspace.orkestra.registry.kinds;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.orkspace.orkestra.registry.InvalidEntryException;
import io.orkspace.orkestra.registry.Owner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code networkPolicies}: one NetworkPolicy, which the entry must name, for the pods of {@code podSelector} (a label
 * map; {@code {}} or unset: every pod of the namespace), with {@code ingress} and {@code egress} rules in Kubernetes'
 * shape ({@code from}/{@code to} peers with podSelector, namespaceSelector or ipBlock, and {@code ports}), or a
 * {@code profile}: deny-all, deny-all-ingress, deny-all-egress, allow-same-namespace, allow-dns-egress.
 * {@code policyTypes} default to the directions declared (Ingress alone when neither is); {@code ingress: []} denies
 * all ingress.
 */
final class NetworkPolicyHandler extends AbstractKindHandler {

    private static final List<String> PROFILES = List.of("deny-all", "deny-all-ingress", "deny-all-egress",
            "allow-same-namespace", "allow-dns-egress");
    private static final List<String> TYPES = List.of("Ingress", "Egress");
    private static final Set<String> INGRESS_RULE = Set.of("from", "ports");
    private static final Set<String> EGRESS_RULE = Set.of("to", "ports");
    private static final Set<String> PEER = Set.of("podSelector", "namespaceSelector", "ipBlock");
    private static final Set<String> IP_BLOCK = Set.of("cidr", "except");
    private static final Set<String> PORT = Set.of("protocol", "port", "endPort");
    private static final Set<String> SELECTOR = Set.of("matchLabels", "matchExpressions");
    private static final Set<String> EXPRESSION = Set.of("key", "operator", "values");
    private static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");
    private static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");

    NetworkPolicyHandler() {
        super("networkPolicies", "networking.k8s.io/v1", "NetworkPolicy", "networkpolicies", true, null,
                Set.of("podSelector", "ingress", "egress", "policyTypes", "profile"));
    }

    @Override
    HasMetadata build(EntryFields f, ObjectMeta meta, Owner owner) throws InvalidEntryException {
        List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
        List<NetworkPolicyEgressRule> egress = new ArrayList<>();
        List<String> types = new ArrayList<>();
        if (f.has("profile")) {
            for (String k : List.of("ingress", "egress", "policyTypes")) {
                if (f.declared(k)) {
                    throw new InvalidEntryException(f.path("profile") + " and " + f.path(k) + ": set a profile or explicit rules, not both");
                }
            }
            profile(f, ingress, egress, types);
        } else {
            for (EntryFields r : f.objects("ingress")) {
                r.allowOnly(INGRESS_RULE);
                ingress.add(new NetworkPolicyIngressRuleBuilder().withFrom(ChildMetadata.orNull(peers(r, "from")))
                        .withPorts(ChildMetadata.orNull(ports(r))).build());
            }
            for (EntryFields r : f.objects("egress")) {
                r.allowOnly(EGRESS_RULE);
                egress.add(new NetworkPolicyEgressRuleBuilder().withTo(ChildMetadata.orNull(peers(r, "to")))
                        .withPorts(ChildMetadata.orNull(ports(r))).build());
            }
            for (String t : f.strings("policyTypes")) {
                String type = TYPES.stream().filter(x -> x.equalsIgnoreCase(t.trim())).findFirst()
                        .orElseThrow(() -> new InvalidEntryException(f.path("policyTypes") + ": expected Ingress or Egress, got " + RenderedValue.show(t)));
                if (!types.contains(type)) {
                    types.add(type);
                }
            }
            if (types.isEmpty()) {
                if (f.declared("ingress") || !f.declared("egress")) {
                    types.add("Ingress");
                }
                if (f.declared("egress")) {
                    types.add("Egress");
                }
            }
        }
        return new NetworkPolicyBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withPodSelector(new LabelSelectorBuilder().withMatchLabels(ChildMetadata.orNull(f.stringMap("podSelector"))).build())
                .withIngress(ChildMetadata.orNull(ingress))
                .withEgress(ChildMetadata.orNull(egress))
                .withPolicyTypes(types)
                .endSpec()
                .build();
    }

    private static void profile(EntryFields f, List<NetworkPolicyIngressRule> ingress, List<NetworkPolicyEgressRule> egress,
                                List<String> types) throws InvalidEntryException {
        String name = f.requiredString("profile").trim().toLowerCase(Locale.ROOT);
        switch (name) {
            case "deny-all" -> types.addAll(TYPES);
            case "deny-all-ingress" -> types.add("Ingress");
            case "deny-all-egress" -> types.add("Egress");
            case "allow-same-namespace" -> {
                ingress.add(new NetworkPolicyIngressRuleBuilder().withFrom(new NetworkPolicyPeerBuilder()
                        .withPodSelector(new LabelSelector()).build()).build());
                types.add("Ingress");
            }
            case "allow-dns-egress" -> {
                egress.add(new NetworkPolicyEgressRuleBuilder().withPorts(
                        new NetworkPolicyPortBuilder().withProtocol("UDP").withPort(new IntOrString(53)).build(),
                        new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(53)).build()).build());
                types.add("Egress");
            }
            default -> throw new InvalidEntryException(f.path("profile") + ": unknown profile \"" + f.requiredString("profile")
                    + "\" (known: " + String.join(", ", PROFILES) + ")");
        }
    }

    private static List<NetworkPolicyPeer> peers(EntryFields rule, String key) throws InvalidEntryException {
        List<NetworkPolicyPeer> out = new ArrayList<>();
        for (EntryFields p : rule.objects(key)) {
            p.allowOnly(PEER);
            NetworkPolicyPeerBuilder peer = new NetworkPolicyPeerBuilder()
                    .withPodSelector(selector(p, "podSelector").orElse(null))
                    .withNamespaceSelector(selector(p, "namespaceSelector").orElse(null));
            Optional<EntryFields> ip = p.object("ipBlock");
            if (ip.isPresent()) {
                ip.get().allowOnly(IP_BLOCK);
                peer.withNewIpBlock().withCidr(ip.get().requiredString("cidr"))
                        .withExcept(ChildMetadata.orNull(ip.get().strings("except"))).endIpBlock();
            }
            out.add(peer.build());
        }
        return out;
    }

    /** A Kubernetes label selector; {@code {}} is kept (it selects everything), unset is absent. */
    private static Optional<LabelSelector> selector(EntryFields peer, String key) throws InvalidEntryException {
        Optional<EntryFields> s = peer.object(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        s.get().allowOnly(SELECTOR);
        LabelSelectorBuilder b = new LabelSelectorBuilder().withMatchLabels(ChildMetadata.orNull(s.get().stringMap("matchLabels")));
        for (EntryFields e : s.get().objects("matchExpressions")) {
            e.allowOnly(EXPRESSION);
            b.addToMatchExpressions(new LabelSelectorRequirementBuilder()
                    .withKey(e.requiredString("key"))
                    .withOperator(e.choice("operator", OPERATORS).orElseThrow(() -> e.missing("operator")))
                    .withValues(ChildMetadata.orNull(e.strings("values")))
                    .build());
        }
        return Optional.of(b.build());
    }

    private static List<NetworkPolicyPort> ports(EntryFields rule) throws InvalidEntryException {
        List<NetworkPolicyPort> out = new ArrayList<>();
        for (EntryFields p : rule.objects("ports")) {
            p.allowOnly(PORT);
            out.add(new NetworkPolicyPortBuilder()
                    .withProtocol(p.choice("protocol", PROTOCOLS).orElse("TCP"))
                    .withPort(p.intOrString("port").orElse(null))
                    .withEndPort(p.port("endPort").orElse(null))
                    .build());
        }
        return out;
    }
}
