package org.astroarchive.datalink.selection;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.astroarchive.contracts.catalogue.Selections;

/**
 * Selections in Redis ({@link Selections}): the rows behind a seed-form {@code id=<selection>&clientId=<client>}.
 * Redis holds only the mapping to persistent IDs, so nothing is lost with it: an expired or flushed selection is
 * answered with a fault that names the way back (the row's persistent ID, or running the query again).
 */
@ApplicationScoped
public class SelectionStore {

    private final HashCommands<String, String, String> clients;
    private final ValueCommands<String, String> selections;

    public SelectionStore(RedisDataSource redis) {
        this.clients = redis.hash(String.class);
        this.selections = redis.value(String.class);
    }

    /**
     * The persistent IDs of {@code selection}: the client's own selection of one row first, then a selection made
     * through {@link #create}. Empty when Redis has neither.
     *
     * @throws SelectionStoreUnavailableException when Redis does not answer
     */
    public Optional<List<String>> rows(UUID selection, Optional<UUID> client) {
        try {
            if (client.isPresent()) {
                // a result's row is a line of its chunk's field, a single row a field of its own
                Optional<String> id = Selections.persistentId(selection,
                        clients.hget(Selections.CLIENT_KEY + client.get(), Selections.field(selection)));
                if (id.isPresent()) {
                    return Optional.of(List.of(id.get()));
                }
            }
            String ids = selections.get(Selections.SELECTION_KEY + selection);
            return ids == null ? Optional.empty() : Optional.of(Arrays.asList(ids.split("\n")));
        } catch (RuntimeException e) {
            throw new SelectionStoreUnavailableException(e);
        }
    }

    /** Stores a new selection of {@code persistentIds} for {@code ttl}; returns its ID. */
    public UUID create(List<String> persistentIds, Duration ttl) {
        UUID selection = UUID.randomUUID();
        try {
            selections.setex(Selections.SELECTION_KEY + selection, Math.max(1, ttl.toSeconds()), String.join("\n", persistentIds));
        } catch (RuntimeException e) {
            throw new SelectionStoreUnavailableException(e);
        }
        return selection;
    }

    /** Redis did not answer. */
    public static final class SelectionStoreUnavailableException extends RuntimeException {
        SelectionStoreUnavailableException(Throwable cause) {
            super("the selection store (Redis) does not answer: " + cause.getMessage(), cause);
        }
    }
}
