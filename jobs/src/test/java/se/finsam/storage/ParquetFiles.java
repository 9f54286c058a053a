package se.finsam.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** Assertions on the Parquet data files of a table folder (its Delta log left out). */
public final class ParquetFiles {
  private ParquetFiles() {}

  /** The table has data files and no column chunk of them is dictionary-encoded. */
  public static void assertPlainEncoded(Configuration hadoop, String table) {
    Path root = new Path(table);
    int files = 0;
    try {
      RemoteIterator<LocatedFileStatus> it = root.getFileSystem(hadoop).listFiles(root, true);
      while (it.hasNext()) {
        Path f = it.next().getPath();
        if (!f.getName().endsWith(".parquet") || f.toString().contains("_delta_log")) {
          continue;
        }
        files++;
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(f, hadoop))) {
          for (BlockMetaData block : reader.getFooter().getBlocks()) {
            for (ColumnChunkMetaData column : block.getColumns()) {
              assertFalse(column.getEncodings().contains(Encoding.PLAIN_DICTIONARY)
                  || column.getEncodings().contains(Encoding.RLE_DICTIONARY), f + " " + column.getPath() + " "
                  + column.getEncodings());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertTrue(files > 0, "data files under " + table);
  }
}
