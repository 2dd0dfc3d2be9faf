package org.rfmstream.ops.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ops/k8s: the resources its kustomization lists, every document of every file. */
final class KubernetesManifests {

    static final String DIRECTORY = "ops/k8s";
    static final String KUSTOMIZATION = DIRECTORY + "/kustomization.yaml";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final JsonNode kustomization;
    private final List<JsonNode> resources;

    private KubernetesManifests(JsonNode kustomization, List<JsonNode> resources) {
        this.kustomization = kustomization;
        this.resources = resources;
    }

    static KubernetesManifests load() {
        JsonNode kustomization = YamlFiles.read(Repository.path(KUSTOMIZATION));
        List<JsonNode> resources = new ArrayList<>();
        for (String file : resourceFiles(kustomization)) {
            resources.addAll(YamlFiles.readAll(Repository.path(DIRECTORY + "/" + file)));
        }
        return new KubernetesManifests(kustomization, resources);
    }

    static List<String> resourceFiles(JsonNode kustomization) {
        return ComposeFile.strings(kustomization.path("resources"));
    }

    JsonNode kustomization() {
        return kustomization;
    }

    List<JsonNode> resources() {
        return resources;
    }

    List<JsonNode> ofKind(String kind) {
        return resources.stream().filter(resource -> kind.equals(resource.path("kind").asText())).toList();
    }

    JsonNode one(String kind, String name) {
        return ofKind(kind).stream()
                .filter(resource -> name.equals(resource.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + DIRECTORY));
    }

    /** The pod template of a workload (StatefulSet, Job, CronJob). */
    static JsonNode podTemplate(JsonNode workload) {
        JsonNode spec = workload.path("spec");
        if (workload.path("kind").asText().equals("CronJob")) {
            spec = spec.path("jobTemplate").path("spec");
        }
        return spec.path("template");
    }

    List<JsonNode> containers() {
        List<JsonNode> containers = new ArrayList<>();
        for (JsonNode resource : resources) {
            podTemplate(resource).path("spec").path("containers").forEach(containers::add);
        }
        return containers;
    }

    static JsonNode container(JsonNode workload) {
        JsonNode containers = podTemplate(workload).path("spec").path("containers");
        if (containers.size() != 1) {
            throw new AssertionError(workload.path("metadata").path("name").asText() + " has " + containers.size()
                    + " containers, expected one");
        }
        return containers.get(0);
    }

    /** Names the container's env and envFrom config maps set, in the order Kubernetes defines them. */
    Map<String, JsonNode> declaredEnvironment(JsonNode container) {
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            String configMap = source.path("configMapRef").path("name").asText();
            if (!configMap.isEmpty()) {
                one("ConfigMap", configMap).path("data").fields()
                        .forEachRemaining(entry -> declared.put(entry.getKey(), entry.getValue()));
            }
        }
        for (JsonNode variable : container.path("env")) {
            declared.put(variable.path("name").asText(), variable);
        }
        return declared;
    }

    /**
     * The environment the program sees: the image's ENV, then envFrom, then env with $(VAR) expanded the way
     * Kubernetes does (only variables defined earlier); fieldRef values come from the given pod fields.
     */
    Map<String, String> programEnvironment(JsonNode container, Dockerfile dockerfile, Map<String, String> podFields) {
        Map<String, String> declared = new LinkedHashMap<>();
        declaredEnvironment(container).forEach((name, value) -> {
            if (value.isTextual()) {
                declared.put(name, value.asText());
            } else if (value.has("value")) {
                declared.put(name, expand(value.path("value").asText(), declared));
            } else if (value.path("valueFrom").has("fieldRef")) {
                String field = value.path("valueFrom").path("fieldRef").path("fieldPath").asText();
                if (podFields.containsKey(field)) {
                    declared.put(name, podFields.get(field));
                }
            }
            // secretKeyRef and the like: not known before run time.
        });
        Map<String, String> environment = new LinkedHashMap<>(dockerfile.environment(imageTarget(container)));
        environment.putAll(declared);
        return environment;
    }

    /** $(NAME) references in a value. */
    static List<String> references(String value) {
        List<String> names = new ArrayList<>();
        Matcher matcher = REFERENCE.matcher(value);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String expand(String value, Map<String, String> defined) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            String replacement = defined.getOrDefault(matcher.group(1), matcher.group());
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(expanded);
        return expanded.toString();
    }

    /** rfm-stream/streams-app:tag → streams-app, the Dockerfile target the image is built from. */
    static String imageTarget(JsonNode container) {
        String image = container.path("image").asText();
        String repository = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
        return repository.substring(repository.lastIndexOf('/') + 1);
    }

    static String imageRepository(String image) {
        return image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
    }
}
