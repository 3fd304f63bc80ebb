import { useCallback, useEffect, useRef, useState } from 'react';
import { Html5Qrcode, Html5QrcodeSupportedFormats, type CameraDevice } from 'html5-qrcode';
import { Button } from '@/components/atoms/button';
import { Alert } from '@/components/atoms/alert';
import { SelectField } from '@/components/molecules/field';
import { useLatest } from '@/lib/use-latest';
import { ScanGate } from '@/features/scanner/lib/scan-gate';

export const SCANNER_REGION_ID = 'scanner-region';

const FORMATS = [
  Html5QrcodeSupportedFormats.QR_CODE,
  Html5QrcodeSupportedFormats.CODE_128,
  Html5QrcodeSupportedFormats.EAN_13,
  Html5QrcodeSupportedFormats.EAN_8,
  Html5QrcodeSupportedFormats.UPC_A,
  Html5QrcodeSupportedFormats.CODE_39,
  Html5QrcodeSupportedFormats.UPC_E,
  Html5QrcodeSupportedFormats.ITF,
  Html5QrcodeSupportedFormats.CODE_93,
  Html5QrcodeSupportedFormats.CODABAR,
];

function cameraProblem(e: unknown): string {
  const name = (e as { name?: string })?.name ?? '';
  const text = String((e as { message?: string })?.message ?? e);
  if (name === 'NotAllowedError' || /permission|denied|notallowed/i.test(text)) {
    return 'Camera access was denied. Allow the camera for this site in your browser settings, or type the code below.';
  }
  if (name === 'NotFoundError' || /notfound|no camera|requested device not found/i.test(text)) {
    return 'No camera was found on this device. Type the code below instead.';
  }
  if (name === 'NotReadableError' || /notreadable|could not start/i.test(text)) {
    return 'The camera is in use by another application. Close it and try again, or type the code below.';
  }
  return `The camera could not be started (${text}). Type the code below instead.`;
}

/** Camera scanning with html5-qrcode over the full frame (no qrbox: 1D codes are not cropped). */
export function CameraScanner({ onDecoded, paused }: { onDecoded: (code: string) => void; paused: boolean }) {
  const scanner = useRef<Html5Qrcode | null>(null);
  const [running, setRunning] = useState(false);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [cameras, setCameras] = useState<CameraDevice[]>([]);
  const [cameraId, setCameraId] = useState<string>('');
  const [torchSupported, setTorchSupported] = useState(false);
  const [torchOn, setTorchOn] = useState(false);
  const onDecodedRef = useLatest(onDecoded);
  const pausedRef = useLatest(paused);
  // One scan per appearance of a code: the gate ignores it until it has left the frame (see ScanGate).
  const gate = useRef(new ScanGate());
  // Unmounted while start() was waiting for the camera: that camera must be stopped, not kept running.
  const unmounted = useRef(false);
  // Each start() gets a number; a start overtaken by a later one (or by stop) stops its own camera.
  const attempt = useRef(0);

  const secure = typeof window !== 'undefined' && window.isSecureContext && !!navigator.mediaDevices?.getUserMedia;

  const stop = useCallback(async () => {
    attempt.current += 1;
    const s = scanner.current;
    if (!s) return;
    try {
      if (s.isScanning) await s.stop();
      s.clear();
    } catch {
      // already stopped
    }
    scanner.current = null;
    setRunning(false);
    setTorchSupported(false);
    setTorchOn(false);
  }, []);

  const start = useCallback(
    async (deviceId?: string) => {
      setError(null);
      setStarting(true);
      await stop();
      const mine = ++attempt.current;
      gate.current.reset();
      const stale = () => unmounted.current || attempt.current !== mine;
      let s: Html5Qrcode | null = null;
      try {
        s = new Html5Qrcode(SCANNER_REGION_ID, { formatsToSupport: FORMATS, verbose: false, useBarCodeDetectorIfSupported: true });
        scanner.current = s;
        await s.start(
          deviceId ? { deviceId: { exact: deviceId } } : { facingMode: 'environment' },
          { fps: 10, disableFlip: false },
          (text) => {
            if (gate.current.read(text, Date.now(), pausedRef.current)) onDecodedRef.current(text);
          },
          () => {
            // no code in this frame
          },
        );
        if (stale()) {
          // Left the page (or started again) while the camera was opening: release it now.
          try {
            if (s.isScanning) await s.stop();
            s.clear();
          } catch {
            // already stopped
          }
          if (scanner.current === s) scanner.current = null;
          return;
        }
        setRunning(true);
        try {
          setTorchSupported(s.getRunningTrackCameraCapabilities().torchFeature().isSupported());
        } catch {
          setTorchSupported(false);
        }
        try {
          const list = await Html5Qrcode.getCameras();
          setCameras(list);
          if (!deviceId) {
            const settings = s.getRunningTrackSettings?.();
            setCameraId((settings?.deviceId as string | undefined) ?? list[0]?.id ?? '');
          }
        } catch {
          setCameras([]);
        }
      } catch (e) {
        if (scanner.current === s) scanner.current = null;
        if (stale()) return;
        setRunning(false);
        setError(cameraProblem(e));
      } finally {
        if (!unmounted.current) setStarting(false);
      }
    },
    [stop, onDecodedRef, pausedRef],
  );

  useEffect(() => {
    unmounted.current = false;
    return () => {
      unmounted.current = true;
      void stop();
    };
  }, [stop]);

  async function toggleTorch() {
    const s = scanner.current;
    if (!s) return;
    try {
      await s.getRunningTrackCameraCapabilities().torchFeature().apply(!torchOn);
      setTorchOn(!torchOn);
    } catch {
      setError('The torch could not be switched.');
    }
  }

  return (
    <div className="space-y-3">
      {!secure && (
        <Alert tone="warning">
          The camera needs a secure connection (https or localhost) and a browser with camera support. Type the code below instead.
        </Alert>
      )}
      {error && <Alert>{error}</Alert>}
      <div className="flex flex-wrap items-end gap-3">
        {running ? (
          <Button variant="secondary" onClick={() => void stop()}>
            Stop camera
          </Button>
        ) : (
          <Button onClick={() => void start(cameraId || undefined)} disabled={!secure} busy={starting}>
            Start camera
          </Button>
        )}
        {running && cameras.length > 1 && (
          <div className="w-full sm:w-64">
            <SelectField
              label="Camera"
              value={cameraId}
              onChange={(e) => {
                setCameraId(e.target.value);
                void start(e.target.value);
              }}
            >
              {cameras.map((c, i) => (
                <option key={c.id} value={c.id}>
                  {c.label || `Camera ${i + 1}`}
                </option>
              ))}
            </SelectField>
          </div>
        )}
        {running && torchSupported && (
          <Button variant="secondary" aria-pressed={torchOn} onClick={() => void toggleTorch()}>
            {torchOn ? 'Torch off' : 'Torch on'}
          </Button>
        )}
      </div>
      {/*
        Always rendered and visible (a display:none region never decodes). Full width (the decoder samples
        the frame at the shown size, so wider keeps more pixels per Code 128 bar), 4:3 until the video sets
        its own height; no min-width, so it never overflows a narrow phone.
      */}
      <div
        id={SCANNER_REGION_ID}
        aria-label="Camera view"
        role="img"
        className={`w-full max-w-xl overflow-hidden rounded-lg border border-slate-400 bg-slate-900 ${running ? '' : 'aspect-[4/3]'}`}
      />
      <p className="text-sm text-slate-700" role="status">
        {running ? 'Point the camera at a QR code or barcode.' : 'The camera is off.'}
      </p>
    </div>
  );
}
