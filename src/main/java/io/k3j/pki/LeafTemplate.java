package io.k3j.pki;

import java.util.List;

/** What a leaf certificate should look like; compared against the file on disk at every start. */
record LeafTemplate(String fileBase, String commonName, List<String> organizations, CertIssuer.Usage usage,
                    SanSet sans) {

    LeafTemplate {
        organizations = List.copyOf(organizations);
    }

    static LeafTemplate client(String fileBase, String commonName, String... organizations) {
        return new LeafTemplate(fileBase, commonName, List.of(organizations), CertIssuer.Usage.CLIENT, SanSet.empty());
    }

    static LeafTemplate server(String fileBase, String commonName, SanSet sans) {
        return new LeafTemplate(fileBase, commonName, List.of(), CertIssuer.Usage.SERVER, sans);
    }
}
