package org.rfmstream.streams.config;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of the process: one LRU cache shared by all stores holds
 * data blocks, index and filter blocks and (through the write buffer manager) the memtables, so memory stays
 * within {@link #TOTAL_MEMORY_BYTES} however many tasks and stores this instance owns.
 */
public class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {

    /** Streams config key (bytes) of the shared budget; set from {@code ROCKSDB_MEMORY_MB}. */
    public static final String TOTAL_MEMORY_BYTES = "rfm.rocksdb.memory.bytes";
    public static final long DEFAULT_TOTAL_MEMORY_BYTES = 64L * 1024 * 1024;
    /** Share of the budget for memtables (written data not yet flushed). */
    private static final double WRITE_BUFFER_SHARE = 0.25;
    /** Share of the cache reserved for index and filter blocks, which every read needs. */
    private static final double INDEX_FILTER_SHARE = 0.1;
    private static final long MEMTABLE_BYTES = 8L * 1024 * 1024;
    /**
     * Every open memtable holds at least one arena block, and the write buffer manager flushes as soon as their sum
     * passes its share. With RocksDB's default block (1/8 of the memtable, 1 MB here) thirty stores (six tasks of
     * five stores) already pass a 16 MB share while nearly empty, so every write forced a flush of a tiny memtable
     * and compactions took several times the stream thread's CPU. Small blocks keep the floor far below the share.
     */
    static final long ARENA_BLOCK_BYTES = 64L * 1024;

    private static Cache cache;
    private static WriteBufferManager writeBufferManager;
    private static long configuredBytes;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        long budget = budget(configs);
        BlockBasedTableConfig tableConfig = (BlockBasedTableConfig) options.tableFormatConfig();
        synchronized (BoundedMemoryRocksDBConfig.class) {
            if (cache == null) {
                configuredBytes = budget;
                cache = new LRUCache(budget, -1, false, INDEX_FILTER_SHARE);
                writeBufferManager = new WriteBufferManager((long) (budget * WRITE_BUFFER_SHARE), cache);
            }
            tableConfig.setBlockCache(cache);
            options.setWriteBufferManager(writeBufferManager);
        }
        tableConfig.setCacheIndexAndFilterBlocks(true);
        tableConfig.setCacheIndexAndFilterBlocksWithHighPriority(true);
        tableConfig.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(tableConfig);
        options.setMaxWriteBufferNumber(2);
        options.setWriteBufferSize(Math.min(MEMTABLE_BYTES, Math.max(1024 * 1024, budget / 8)));
        options.setArenaBlockSize(ARENA_BLOCK_BYTES);
    }

    /** The budget the shared cache was created with (0 before the first store opened). */
    public static synchronized long configuredBytes() {
        return configuredBytes;
    }

    private static long budget(Map<String, Object> configs) {
        Object value = configs.get(TOTAL_MEMORY_BYTES);
        if (value == null) {
            return DEFAULT_TOTAL_MEMORY_BYTES;
        }
        return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store of the process: never closed here.
    }
}
