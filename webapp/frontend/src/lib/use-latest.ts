import { useLayoutEffect, useRef } from 'react';

/**
 * A ref holding the latest value, for callbacks that an effect registers once and that must see the
 * newest props without re-running the effect. Written after render: React forbids writing refs during it.
 */
export function useLatest<T>(value: T) {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
