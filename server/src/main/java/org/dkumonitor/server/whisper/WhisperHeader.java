package org.dkumonitor.server.whisper;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The decoded header of a whisper file. */
public record WhisperHeader(AggregationMethod aggregation, long maxRetention, float xFilesFactor,
        List<ArchiveInfo> archives) {

    public WhisperHeader {
        archives = List.copyOf(archives);
    }

    public int size() {
        return WhisperFormat.METADATA_SIZE + WhisperFormat.ARCHIVE_INFO_SIZE * archives.size();
    }

    /** Lays out a new file's header for archives sorted finest first. */
    static WhisperHeader layout(List<Retention> sorted, AggregationMethod aggregation,
            float xFilesFactor) {
        List<ArchiveInfo> archives = new ArrayList<>();
        long offset = WhisperFormat.METADATA_SIZE
                + (long) WhisperFormat.ARCHIVE_INFO_SIZE * sorted.size();
        long maxRetention = 0;
        for (Retention retention : sorted) {
            archives.add(new ArchiveInfo(offset, retention.secondsPerPoint(), retention.points()));
            offset += (long) WhisperFormat.POINT_SIZE * retention.points();
            maxRetention = Math.max(maxRetention, retention.retentionSeconds());
        }
        return new WhisperHeader(aggregation, maxRetention, xFilesFactor, archives);
    }

    ByteBuffer encode() {
        ByteBuffer buffer = ByteBuffer.allocate(size());
        buffer.putInt(aggregation.code());
        buffer.putInt((int) maxRetention);
        buffer.putFloat(xFilesFactor);
        buffer.putInt(archives.size());
        for (ArchiveInfo archive : archives) {
            buffer.putInt((int) archive.offset());
            buffer.putInt(archive.secondsPerPoint());
            buffer.putInt(archive.points());
        }
        return buffer.flip();
    }

    /**
     * Decodes a header as Python whisper does: the aggregation code must be 1..8 and the
     * xFilesFactor within 0..1; we also check that every archive lies inside the file.
     */
    static WhisperHeader decode(ByteBuffer metadata, java.util.function.IntFunction<ByteBuffer>
            readArchiveInfo, long fileSize, String name) {
        int code = metadata.getInt();
        long maxRetention = Integer.toUnsignedLong(metadata.getInt());
        float xff = metadata.getFloat();
        long count = Integer.toUnsignedLong(metadata.getInt());
        if (code < 1 || code > 8) {
            throw new WhisperException(name + ": corrupt header: aggregation type " + code
                    + " is not 1..8");
        }
        if (!(xff >= 0 && xff <= 1)) {
            throw new WhisperException(name + ": corrupt header: xFilesFactor " + xff
                    + " is not within 0..1");
        }
        long headerSize = WhisperFormat.METADATA_SIZE + count * WhisperFormat.ARCHIVE_INFO_SIZE;
        if (count == 0 || headerSize > fileSize) {
            throw new WhisperException(name + ": corrupt header: " + count
                    + " archives do not fit a file of " + fileSize + " bytes");
        }
        ByteBuffer infos = readArchiveInfo.apply((int) count);
        List<ArchiveInfo> archives = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ArchiveInfo archive = new ArchiveInfo(Integer.toUnsignedLong(infos.getInt()),
                    infos.getInt(), infos.getInt());
            if (archive.secondsPerPoint() <= 0 || archive.points() <= 0
                    || archive.offset() < headerSize || archive.end() > fileSize) {
                throw new WhisperException(name + ": corrupt header: archive " + i + " "
                        + archive + " lies outside a file of " + fileSize + " bytes");
            }
            archives.add(archive);
        }
        return new WhisperHeader(AggregationMethod.fromCode(code), maxRetention, xff, archives);
    }
}
