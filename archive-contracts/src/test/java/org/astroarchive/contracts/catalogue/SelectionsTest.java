package org.astroarchive.contracts.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SelectionsTest {

    @Test
    void nameBasedUuidsFollowRfc9562() {
        // RFC 9562 appendix A.4: version 5 of "www.example.com" in the DNS namespace
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertEquals(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"), Selections.nameBased(dns, "www.example.com"));
    }

    @Test
    void aRowAlwaysGetsTheSameSelectionAndRowsDiffer() {
        String source = "ivo://astroarchive.example/gaia.completesource?3425114819445915650";
        UUID first = Selections.ofRow(source);
        assertEquals(first, Selections.ofRow(source));
        assertEquals(5, first.version());
        assertNotEquals(first, Selections.ofRow("ivo://astroarchive.example/gaia.completesource?3425114819445915651"));
    }

    @Test
    void readsTheIdOfBothUrlForms() {
        String persistent = "http://localhost:8080/datalink?ID=ivo://astroarchive.example/gaia.completesource?42";
        assertEquals(Optional.of("ivo://astroarchive.example/gaia.completesource?42"), Selections.parameter(persistent, "id"));
        String encoded = "http://localhost:8080/datalink?ID=ivo%3A%2F%2Fastroarchive.example%2Fimages%3Fimages%3Aa.fits";
        assertEquals(Optional.of("ivo://astroarchive.example/images?images:a.fits"), Selections.parameter(encoded, "ID"));
        UUID selection = UUID.randomUUID();
        UUID client = UUID.randomUUID();
        String seed = Selections.url("http://localhost:8080/datalink", selection, client);
        assertEquals(Optional.of(selection.toString()), Selections.parameter(seed, "ID"));
        assertEquals(Optional.of(client.toString()), Selections.parameter(seed, "clientid"));
        assertTrue(Selections.parameter("http://localhost:8080/datalink", "ID").isEmpty());
    }

    @Test
    void acceptsOnlyUuids() {
        assertTrue(Selections.uuid("not-a-uuid").isEmpty());
        assertTrue(Selections.uuid(null).isEmpty());
        assertTrue(Selections.uuid("ivo://astroarchive.example/gaia.completesource?3425114819445915650").isEmpty());
        UUID id = UUID.randomUUID();
        assertEquals(Optional.of(id), Selections.uuid(id.toString().toUpperCase()));
    }
}
