package org.astroarchive.contracts.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    void aResultsRowsAreFoundInTheirChunks() {
        UUID result = Selections.newResult();
        assertEquals(8, result.version());
        assertEquals(2, result.variant());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2 * Selections.CHUNK + 5; i++) {
            // one ID a prefix of the next, another table, and a row sharing nothing with the first of its chunk
            ids.add(i % 97 == 5 ? "ivo://a/obscore?images:x y.fits" : i % 101 == 7 ? "urn:other" : "ivo://a/gaia.completesource?" + i);
        }
        Map<String, String> hash = new HashMap<>();
        for (int chunk = 0; chunk * Selections.CHUNK < ids.size(); chunk++) {
            List<String> rows = ids.subList(chunk * Selections.CHUNK, Math.min(ids.size(), (chunk + 1) * Selections.CHUNK));
            hash.put(Selections.chunkField(result, chunk), Selections.encodeChunk(rows));
        }
        Set<UUID> selections = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            UUID row = Selections.resultRow(result, i);
            assertTrue(Selections.isResultRow(row));
            selections.add(row);
            assertEquals(Optional.of(ids.get(i)), Selections.persistentId(row, hash.get(Selections.field(row))), "row " + i);
        }
        assertEquals(ids.size(), selections.size());
        UUID pastTheEnd = Selections.resultRow(result, ids.size());
        assertEquals(Optional.empty(), Selections.persistentId(pastTheEnd, hash.get(Selections.field(pastTheEnd))));
        assertNotEquals(Selections.field(Selections.resultRow(result, 0)), Selections.field(Selections.resultRow(Selections.newResult(), 0)));
    }

    @Test
    void aSingleRowIsAFieldOfItsOwn() {
        UUID single = Selections.ofRow("ivo://a/gaia.completesource?1");
        assertFalse(Selections.isResultRow(single));
        assertEquals(single.toString(), Selections.field(single));
        assertEquals(Optional.of("ivo://a/gaia.completesource?1"), Selections.persistentId(single, "ivo://a/gaia.completesource?1"));
        assertFalse(Selections.storable("ivo://a/t?line\nbreak"));
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
