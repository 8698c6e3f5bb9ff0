package io.orkspace.orkestra.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogException;
import io.orkspace.orkestra.katalog.KatalogLoader;
import io.orkspace.orkestra.komposer.KomposerOptions;
import io.orkspace.orkestra.komposer.KomposerResolver;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "rbac", mixinStandardHelpOptions = true,
        description = {"Prints the least-privilege ServiceAccount, ClusterRole and ClusterRoleBinding an Orkestra "
                + "deployment needs to run a Katalog (or a Komposer): exactly the kinds and verbs it uses."},
        footer = {"", "Examples:",
                "  orkestra rbac examples/website/katalog.yaml",
                "  orkestra rbac katalog.yaml --namespace operators --name website-operator | kubectl apply -f -"})
final class RbacCommand implements Callable<Integer> {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());

    @Parameters(index = "0", paramLabel = "KATALOG", description = "The Katalog or Komposer to run.")
    Path katalog;

    @Option(names = "--name", defaultValue = "orkestra", description = "Name of the ServiceAccount, ClusterRole and binding (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--namespace", defaultValue = "orkestra-system", description = "Namespace of the ServiceAccount (default: ${DEFAULT-VALUE}).")
    String namespace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Katalog model;
        try {
            model = KomposerResolver.create(KomposerOptions.defaults(), KatalogLoader.create()).resolve(katalog).katalog();
        } catch (KatalogException e) {
            e.problems().forEach(spec.commandLine().getErr()::println);
            return Main.INVALID;
        }
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> o : objects(model, name, namespace)) {
            out.append(YAML.writeValueAsString(o));
        }
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return 0;
    }

    static List<Map<String, Object>> objects(Katalog katalog, String name, String namespace) {
        Map<String, Object> sa = new LinkedHashMap<>();
        sa.put("apiVersion", "v1");
        sa.put("kind", "ServiceAccount");
        sa.put("metadata", ordered("name", name, "namespace", namespace));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (RbacRules.Rule r : RbacRules.of(katalog)) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("apiGroups", List.of(r.group()));
            rule.put("resources", List.copyOf(r.resources()));
            rule.put("verbs", List.copyOf(r.verbs()));
            rules.add(rule);
        }
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("apiVersion", "rbac.authorization.k8s.io/v1");
        role.put("kind", "ClusterRole");
        role.put("metadata", ordered("name", name));
        role.put("rules", rules);
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("apiVersion", "rbac.authorization.k8s.io/v1");
        binding.put("kind", "ClusterRoleBinding");
        binding.put("metadata", ordered("name", name));
        binding.put("roleRef", ordered("apiGroup", "rbac.authorization.k8s.io", "kind", "ClusterRole", "name", name));
        binding.put("subjects", List.of(ordered("kind", "ServiceAccount", "name", name, "namespace", namespace)));
        return List.of(sa, role, binding);
    }

    /** A map in the order written: the output is byte-stable from one run to the next. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
