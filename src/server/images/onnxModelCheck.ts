import { promises as fs } from 'node:fs';

/**
 * Why a file is not an ONNX model, in a user's words, or undefined when it is one.
 *
 * An ONNX file is a protobuf ModelProto. Its top-level fields are walked without loading the model (a graph can be
 * gigabytes; only the field headers are read and each field's body is skipped): every field must be well formed and
 * end exactly at the end of the file, `ir_version` (1) must be a number and `graph` (7) must be present. A text
 * file renamed .onnx, a truncated upload or an archive fail this at image build, not at the service's start.
 */
export async function onnxModelProblem(file: string): Promise<string | undefined> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return 'the file is empty';
    const header = Buffer.alloc(16);
    let position = 0;
    let irVersion: number | undefined;
    let graphBytes: number | undefined;
    const readVarint = async (at: number): Promise<{ value: number; next: number } | undefined> => {
      const { bytesRead } = await handle.read(header, 0, Math.min(10, size - at), at);
      let value = 0;
      for (let i = 0; i < bytesRead; i++) {
        const byte = header[i]!;
        value += (byte & 0x7f) * 2 ** (7 * i);
        if ((byte & 0x80) === 0) return { value, next: at + i + 1 };
      }
      return undefined;
    };
    while (position < size) {
      const key = await readVarint(position);
      if (!key) return `the protobuf field at byte ${position} is cut off`;
      const field = Math.floor(key.value / 8);
      const wireType = key.value % 8;
      if (field === 0) return `byte ${position} does not start a protobuf field`;
      position = key.next;
      if (wireType === 0) {
        const value = await readVarint(position);
        if (!value) return `the number at byte ${position} is cut off`;
        if (field === 1) irVersion = value.value;
        position = value.next;
      } else if (wireType === 1 || wireType === 5) {
        position += wireType === 1 ? 8 : 4;
      } else if (wireType === 2) {
        const length = await readVarint(position);
        if (!length) return `the length at byte ${position} is cut off`;
        if (field === 7) graphBytes = length.value;
        position = length.next + length.value;
      } else {
        return `byte ${position} holds a protobuf wire type (${wireType}) that ONNX files do not use`;
      }
      if ((field === 1 && wireType !== 0) || (field === 7 && wireType !== 2)) return 'its fields do not have the types of an ONNX ModelProto';
    }
    if (position !== size) return `its last protobuf field runs ${position - size} bytes past the end of the file (truncated?)`;
    if (irVersion === undefined) return 'it has no ONNX ir_version';
    if (!graphBytes) return 'it holds no ONNX graph';
    return undefined;
  } finally {
    await handle.close();
  }
}
