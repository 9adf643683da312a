import { HuaweiError } from '../errors.js';

/**
 * BatchSetTags, BatchSetAttributes and SendSms may name their cards by `file_temp_id`, a card
 * list uploaded in the GSL console ("empty for API use"). Uploads are not part of the API and the
 * simulator keeps none, so any id names a file that does not exist (GSL.00012016).
 */
export function refuseUploadedFile(body: { file_temp_id?: number | null }): void {
  if (body.file_temp_id !== undefined && body.file_temp_id !== null) throw new HuaweiError('GSL.00012016');
}
