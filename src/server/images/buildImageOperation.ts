import { promises as fs } from 'node:fs';
import type { Image } from '../../api/schemas';
import type { OperationHandler, RecordOf } from '../operations/operationRunner';
import { accountRefOf, type Store } from '../store/repositories';
import type { BuildLogFeed } from '../logs/buildLogFeed';
import type { ImageBuilder } from './imageBuilder';
import type { ImageLayout } from './imageLayout';

/** The operation behind POST /images: builds the image and keeps its creationState and log in step. */
export function buildImageOperation(store: Store, builder: ImageBuilder, layout: ImageLayout, feed: BuildLogFeed): OperationHandler<'buildImage'> {
  const imageOf = async (record: RecordOf<'buildImage'>): Promise<Image> => {
    const image = await store.images.get(record.account, record.work.imageId);
    if (!image) throw new Error(`image ${record.work.imageId} of operation ${record.status.id} is gone`);
    return image;
  };
  // Readers following the log (buildlog?follow=true) are woken after each line is in the file.
  const appendLog = async (imageId: string, line: string) => {
    await fs.appendFile(layout.logFile(imageId), `${new Date().toISOString()} ${line}\n`);
    feed.appended(imageId);
  };

  return {
    async run(record) {
      const image = await imageOf(record);
      await store.images.update(record.account, { ...image, creationState: 'Running' });
      if (record.work.attempts > 1) await appendLog(image.id, `resuming after a restart (attempt ${record.work.attempts})`);
      // One append after the other: appends started together could land in any order (a build log that began with
      // its second line was seen), and a reader following the file must see the lines as the build wrote them.
      let written: Promise<void> = Promise.resolve();
      const digest = await builder
        .build(accountRefOf(record.account), image, record.status.id, (line) => {
          written = written.then(() => appendLog(image.id, line));
        })
        // A build that fails still has its lines written before the failure's own line (abandon) follows them.
        .finally(() => written.catch(() => undefined));
      await written;
      await appendLog(image.id, 'Succeeded');
      await store.images.update(record.account, { ...image, creationState: 'Succeeded', imageLocation: `sha256:${digest}` });
      feed.ended(image.id);
    },
    async abandon(record, error) {
      const image = await store.images.get(record.account, record.work.imageId);
      if (!image) return;
      await appendLog(image.id, `Failed: ${error.code}: ${error.message}`);
      await store.images.update(record.account, { ...image, creationState: 'Failed', error });
      feed.ended(image.id);
    },
  };
}
