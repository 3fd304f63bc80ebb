import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { cx } from '@/lib/cx';

const control =
  'block w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 focus-ring disabled:bg-slate-100 disabled:text-slate-600';

interface FieldChrome {
  label: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
}

function useFieldIds(id?: string) {
  const auto = useId();
  const fieldId = id ?? auto;
  return { fieldId, errorId: `${fieldId}-error`, hintId: `${fieldId}-hint` };
}

function Chrome({
  label,
  error,
  hint,
  required,
  fieldId,
  errorId,
  hintId,
  children,
}: FieldChrome & { fieldId: string; errorId: string; hintId: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={fieldId} className="block text-sm font-medium text-slate-800">
        {label}
        {required && (
          <span aria-hidden="true" className="text-red-700">
            {' '}
            *
          </span>
        )}
      </label>
      {children}
      {hint && !error && (
        <p id={hintId} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-sm text-red-700" data-field-error="">
          {error}
        </p>
      )}
    </div>
  );
}

/** What every control of a field carries: its id, validity, requiredness and description. */
function controlProps(ids: ReturnType<typeof useFieldIds>, error?: string, hint?: ReactNode, required?: boolean, className?: string) {
  return {
    id: ids.fieldId,
    'aria-invalid': error ? true : undefined,
    'aria-required': required || undefined,
    'aria-describedby': error ? ids.errorId : hint ? ids.hintId : undefined,
    className: cx(control, error ? 'border-red-700' : 'border-slate-400', className),
  };
}

export type TextFieldProps = FieldChrome & InputHTMLAttributes<HTMLInputElement>;

export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { label, error, hint, required, id, className, ...rest },
  ref,
) {
  const ids = useFieldIds(id);
  return (
    <Chrome label={label} error={error} hint={hint} required={required} {...ids}>
      <input ref={ref} {...controlProps(ids, error, hint, required, className)} {...rest} />
    </Chrome>
  );
});

export type SelectFieldProps = FieldChrome & SelectHTMLAttributes<HTMLSelectElement>;

export const SelectField = forwardRef<HTMLSelectElement, SelectFieldProps>(function SelectField(
  { label, error, hint, required, id, className, children, ...rest },
  ref,
) {
  const ids = useFieldIds(id);
  return (
    <Chrome label={label} error={error} hint={hint} required={required} {...ids}>
      <select ref={ref} {...controlProps(ids, error, hint, required, className)} {...rest}>
        {children}
      </select>
    </Chrome>
  );
});

export type TextAreaFieldProps = FieldChrome & TextareaHTMLAttributes<HTMLTextAreaElement>;

export const TextAreaField = forwardRef<HTMLTextAreaElement, TextAreaFieldProps>(function TextAreaField(
  { label, error, hint, required, id, className, ...rest },
  ref,
) {
  const ids = useFieldIds(id);
  return (
    <Chrome label={label} error={error} hint={hint} required={required} {...ids}>
      <textarea ref={ref} {...controlProps(ids, error, hint, required, className)} {...rest} />
    </Chrome>
  );
});
