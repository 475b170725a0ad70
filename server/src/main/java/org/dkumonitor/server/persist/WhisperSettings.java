package org.dkumonitor.server.persist;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.function.Supplier;
import org.dkumonitor.server.refusals.RecentRefusals;
import org.dkumonitor.server.schema.StorageAggregation;
import org.dkumonitor.server.schema.StorageSchemas;

/**
 * Where the persister writes and how it makes new files: the rules are suppliers so that a
 * reloaded storage-schemas.conf applies to the next file created; {@code sparse} leaves new
 * files' data areas as holes (otherwise fallocate reserves their blocks); {@code maxOpenFiles}
 * bounds the file handles kept open; {@code refusals} hears of points too old for their file.
 */
public record WhisperSettings(Path whisperRoot, Supplier<StorageSchemas> schemas,
        Supplier<StorageAggregation> aggregation, InstantSource clock, boolean sparse,
        int maxOpenFiles, RecentRefusals refusals) {

    public WhisperSettings(Path whisperRoot, Supplier<StorageSchemas> schemas,
            Supplier<StorageAggregation> aggregation, InstantSource clock, boolean sparse,
            int maxOpenFiles) {
        this(whisperRoot, schemas, aggregation, clock, sparse, maxOpenFiles,
                RecentRefusals.NONE);
    }

    WhisperSettings withMaxOpenFiles(int files) {
        return new WhisperSettings(whisperRoot, schemas, aggregation, clock, sparse, files,
                refusals);
    }
}
