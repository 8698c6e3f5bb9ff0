package io.orkspace.orkestra.examples.josdk;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** The JOSDK operator's custom resource: a shop front, served by an Orkestra-managed {@code Website}. */
@Group("demo.orkestra.io")
@Version("v1alpha1")
public class Shop extends CustomResource<Shop.Spec, Shop.Status> implements Namespaced {

    public static class Spec {
        private String image;
        private int replicas = 1;

        public String getImage() {
            return image;
        }

        public void setImage(String image) {
            this.image = image;
        }

        public int getReplicas() {
            return replicas;
        }

        public void setReplicas(int replicas) {
            this.replicas = replicas;
        }
    }

    public static class Status {
        private String website;
        private boolean websiteReady;
        private Long observedGeneration;

        public String getWebsite() {
            return website;
        }

        public void setWebsite(String website) {
            this.website = website;
        }

        public boolean isWebsiteReady() {
            return websiteReady;
        }

        public void setWebsiteReady(boolean websiteReady) {
            this.websiteReady = websiteReady;
        }

        public Long getObservedGeneration() {
            return observedGeneration;
        }

        public void setObservedGeneration(Long observedGeneration) {
            this.observedGeneration = observedGeneration;
        }
    }
}
