package org.astroarchive.importer.tables;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import io.jhdf.checksum.ChecksumUtils;

/**
 * HDF5 superblocks of version 2 and 3 end with a Jenkins lookup3 checksum of their bytes (HDF5 File Format
 * Specification 3.0, §II.A). jHDF does not check it, libhdf5 (h5py, h5dump) refuses to open a file where it does not
 * match: found by suites/BadInputIT, a file with its consistency-flags byte overwritten was ingested although no
 * HDF5 tool could read it. Versions 0 and 1 carry no checksum.
 */
public final class Hdf5SuperblockCheck {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private Hdf5SuperblockCheck() {
    }

    /** What is wrong with the superblock at the start of the file, or null (also when it is not at offset 0). */
    public static String problem(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(12 + 4 * 8 + 4);
        }
        if (head.length < 12 || !java.util.Arrays.equals(head, 0, 8, SIGNATURE, 0, 8)) {
            return null; // another layout (user block): left to the reader
        }
        int version = head[8];
        if (version != 2 && version != 3) {
            return null;
        }
        int offsets = head[9];
        if (offsets != 2 && offsets != 4 && offsets != 8) {
            return "corrupt HDF5 superblock: size of offsets " + offsets + " (must be 2, 4 or 8)";
        }
        int length = 12 + 4 * offsets;
        if (head.length < length + 4) {
            return "truncated HDF5 file: " + head.length + " bytes, fewer than its superblock";
        }
        int stored = ByteBuffer.wrap(head, length, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int computed = ChecksumUtils.checksum(java.util.Arrays.copyOf(head, length));
        return stored == computed ? null : String.format("corrupt HDF5 superblock: its checksum is %08x but its bytes give %08x; "
                + "HDF5 tools will not open this file", stored, computed);
    }
}
