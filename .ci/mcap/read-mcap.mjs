#!/usr/bin/env node
// Reads MCAP files with the reference reader (npm @mcap/core, pinned in this folder's package-lock.json and installed by
// .ci/install-test-deps.sh) and checks everything the format lets a reader check: both magics, the summary's CRC
// (the indexed reader does it when the footer has one; a CRC of 0 is refused here), the data section's CRC (computed
// here from the leading magic to the Data End record, as the reference writer computes it), every chunk's CRC, a
// second sequential pass with the stream reader, and the Statistics record against what both passes read.
// Usage: node .ci/mcap/read-mcap.mjs FILE.mcap [...]. Prints one JSON array, an entry per file, messages decoded as
// JSON ({topic, schema, sequence, logTime, publishTime, data}; times as decimal strings of nanoseconds).
// Exits 1 when a file is invalid, 2 when the packages are missing.
import { readFile } from "node:fs/promises";

let core;
let crc;
try {
  core = await import("@mcap/core");
  crc = await import("@foxglove/crc");
} catch (error) {
  console.error(`read-mcap.mjs: @mcap/core is missing (${error.message}); run bash .ci/install-test-deps.sh`);
  process.exit(2);
}

const { McapIndexedReader, McapStreamReader } = core;
const decoder = new TextDecoder();

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function read(file) {
  const bytes = new Uint8Array(await readFile(file));
  const readable = {
    size: async () => BigInt(bytes.byteLength),
    read: async (offset, length) => bytes.subarray(Number(offset), Number(offset + length)),
  };

  const indexed = await McapIndexedReader.Initialize({ readable });
  check(indexed.footer.summaryCrc !== 0, "the footer has no summary CRC");
  check(indexed.dataSectionCrc !== undefined, "Data End has no data section CRC");
  const dataCrc = crc.crc32(bytes.subarray(0, Number(indexed.dataEndOffset)));
  check(dataCrc === indexed.dataSectionCrc, `incorrect data section CRC ${dataCrc} (expected ${indexed.dataSectionCrc})`);
  check(indexed.statistics !== undefined, "no Statistics record in the summary");

  const channels = [...indexed.channelsById.values()].map((channel) => {
    const schema = indexed.schemasById.get(channel.schemaId);
    return {
      id: channel.id,
      topic: channel.topic,
      messageEncoding: channel.messageEncoding,
      schemaName: schema?.name ?? null,
      schemaEncoding: schema?.encoding ?? null,
      schema: schema && schema.encoding === "jsonschema" ? JSON.parse(decoder.decode(schema.data)) : null,
    };
  });
  const byId = new Map(channels.map((channel) => [channel.id, channel]));

  const messages = [];
  for await (const message of indexed.readMessages({ validateCrcs: true })) {
    const channel = byId.get(message.channelId);
    check(channel !== undefined, `a message on unknown channel ${message.channelId}`);
    messages.push({
      topic: channel.topic,
      schema: channel.schemaName,
      sequence: message.sequence,
      logTime: message.logTime.toString(),
      publishTime: message.publishTime.toString(),
      data: JSON.parse(decoder.decode(message.data)),
    });
  }

  // The same file from start to end, record by record, chunk CRCs validated again.
  const stream = new McapStreamReader({ validateCrcs: true });
  stream.append(bytes);
  let streamed = 0;
  let footer = false;
  for (let record; (record = stream.nextRecord()); ) {
    if (record.type === "Message") streamed++;
    if (record.type === "Footer") footer = true;
  }
  check(stream.done(), "the stream reader did not reach the trailing magic");
  check(footer, "the stream reader met no Footer");

  const statistics = indexed.statistics;
  check(statistics.messageCount === BigInt(messages.length), `Statistics counts ${statistics.messageCount} messages, the index reads ${messages.length}`);
  check(streamed === messages.length, `the stream reader reads ${streamed} messages, the indexed reader ${messages.length}`);
  for (const channel of channels) {
    const counted = statistics.channelMessageCounts.get(channel.id) ?? 0n;
    const read = messages.filter((message) => message.topic === channel.topic).length;
    check(counted === BigInt(read), `Statistics counts ${counted} messages on ${channel.topic}, ${read} were read`);
  }

  return {
    file,
    profile: indexed.header.profile,
    library: indexed.header.library,
    statistics: {
      messageCount: Number(statistics.messageCount),
      schemaCount: statistics.schemaCount,
      channelCount: statistics.channelCount,
      chunkCount: statistics.chunkCount,
      messageStartTime: statistics.messageStartTime.toString(),
      messageEndTime: statistics.messageEndTime.toString(),
    },
    channels,
    messages,
  };
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node .ci/mcap/read-mcap.mjs FILE.mcap [...]");
  process.exit(2);
}

const results = [];
for (const file of files) {
  try {
    results.push(await read(file));
  } catch (error) {
    console.error(`read-mcap.mjs: ${file}: ${error.message}`);
    process.exit(1);
  }
}

process.stdout.write(JSON.stringify(results));
