import { formatShape, type Shape, ShapeError } from '@strata/core';

/** The shared output shape of inputs that must agree everywhere (null matches any size), or an error. */
export function sameShapes(shapes: readonly Shape[], label: string): Shape {
  const first = shapes[0]!;
  for (const shape of shapes.slice(1)) {
    const agree =
      shape.length === first.length &&
      shape.every((d, i) => d === null || first[i] === null || d === first[i]);
    if (!agree) {
      throw new ShapeError(
        label,
        `inputs must have the same shape, got ${formatShape(first)} and ${formatShape(shape)}`,
      );
    }
  }
  return first.map((_, i) => shapes.map((s) => s[i]).find((d) => d !== null) ?? null);
}
