"""errcat: classify Vonage Video (OpenTok), Socket.IO and Zoom Cobrowse errors.

Every answer comes from the Rust core's catalogue: ``classify`` returns the record ``errcat --stdin`` prints
(without ``line``) as a dict, ``classify_arrow`` classifies a whole Arrow string array at native speed.
"""

from __future__ import annotations

from typing import Any

from errcat._errcat import CATALOGUE_VERSION, __version__, classify, entries, lookup
from errcat import _errcat

__all__ = [
    "CATALOGUE_VERSION",
    "COLUMNS",
    "__version__",
    "arrow_type",
    "classify",
    "classify_arrow",
    "entries",
    "lookup",
    "polars_dtype",
]

#: The columns of ``classify_arrow``'s result, in order (``user_message`` only when asked for).
COLUMNS = (
    "id",
    "fingerprint",
    "provider",
    "platform",
    "category",
    "retry",
    "actor",
    "severity",
    "expected",
    "confidence",
    "matched_by",
    "known",
    "ambiguous",
    "error",
)

_DICTIONARIES: dict[str, Any] | None = None


def _dictionaries() -> dict[str, Any]:
    global _DICTIONARIES
    if _DICTIONARIES is None:
        import pyarrow as pa

        _DICTIONARIES = {k: pa.array(v, pa.string()) for k, v in _errcat._dictionaries().items()}
    return _DICTIONARIES


def _view(buf: Any) -> memoryview | None:
    # pyarrow buffers export their format as "b" (signed); the Rust side reads unsigned bytes.
    return None if buf is None else memoryview(buf).cast("B")


def _classify_chunk(arr: Any, user_message: bool) -> Any:
    import pyarrow as pa

    t = arr.type
    if pa.types.is_dictionary(t):
        # Classify each distinct value once, then spread the answers over the rows; a null index takes the
        # answer of a null row, appended after the dictionary's.
        import pyarrow.compute as pc

        values = _classify_chunk(pa.concat_arrays([arr.dictionary, pa.nulls(1, arr.dictionary.type)]), user_message)
        indices = pc.fill_null(arr.indices.cast(pa.int64()), len(arr.dictionary))
        return pa.StructArray.from_arrays(
            [col.take(indices) for col in values.flatten()], names=[f.name for f in values.type]
        )
    if pa.types.is_string_view(t) or pa.types.is_null(t):
        arr = arr.cast(pa.large_string())
    elif pa.types.is_binary_view(t):
        arr = arr.cast(pa.large_binary())
    t = arr.type
    # Binary arrays have the string layout; rows that are not UTF-8 become bad rows.
    large = pa.types.is_large_string(t) or pa.types.is_large_binary(t)
    if not (large or pa.types.is_string(t) or pa.types.is_binary(t)):
        raise TypeError(f"classify_arrow() takes an Arrow string array, not {t}")
    n = len(arr)
    validity, offsets, data = arr.buffers()[:3]
    if offsets is None:  # an empty array may come without buffers
        offsets = pa.py_buffer(bytes(8 if large else 4))
    if arr.null_count == 0:
        validity = None
    out = _errcat._classify_buffers(
        _view(validity),
        _view(offsets),
        _view(data),
        arr.offset,
        n,
        large,
        user_message,
    )
    d = _dictionaries()

    def bits(name: str) -> Any:
        return pa.py_buffer(out[name])

    def categorical(name: str, valid: str = "row_valid") -> Any:
        indices = pa.Array.from_buffers(pa.int8(), n, [bits(valid), pa.py_buffer(out[name])])
        return pa.DictionaryArray.from_arrays(indices, d[name], safe=False)

    ids = pa.Array.from_buffers(pa.int16(), n, [bits("id_valid"), pa.py_buffer(out["id"])])
    fp_type = pa.string() if 16 * n <= 2**31 - 1 else pa.large_string()
    fingerprint = pa.Array.from_buffers(
        fp_type, n, [bits("row_valid"), bits("fingerprint_offsets"), pa.py_buffer(out["fingerprint"])]
    )
    error = pa.Array.from_buffers(
        pa.string(), n, [bits("error_valid"), pa.py_buffer(out["error_offsets"]), pa.py_buffer(out["error_data"])]
    )
    columns = [
        pa.DictionaryArray.from_arrays(ids, d["id"], safe=False),
        fingerprint,
        categorical("provider", "provider_valid"),
        categorical("platform", "platform_valid"),
        categorical("category"),
        categorical("retry"),
        categorical("actor"),
        categorical("severity"),
        pa.Array.from_buffers(pa.bool_(), n, [None, bits("expected")]),
        categorical("confidence"),
        categorical("matched_by"),
        pa.Array.from_buffers(pa.bool_(), n, [None, bits("known")]),
        pa.Array.from_buffers(pa.bool_(), n, [None, bits("ambiguous")]),
        error,
    ]
    names = list(COLUMNS)
    if user_message:
        idx = pa.Array.from_buffers(pa.int32(), n, [bits("row_valid"), pa.py_buffer(out["user_message"])])
        columns.append(pa.DictionaryArray.from_arrays(idx, pa.array(out["user_messages"], pa.string()), safe=False))
        names.append("user_message")
    return pa.StructArray.from_arrays(columns, names=names)


_BOOLEAN_COLUMNS = ("expected", "known", "ambiguous")


def _decoded(result: Any) -> Any:
    import pyarrow as pa

    columns = [
        col.cast(col.type.value_type) if pa.types.is_dictionary(col.type) else col for col in result.flatten()
    ]
    return pa.StructArray.from_arrays(columns, names=[f.name for f in result.type])


def arrow_type(*, user_message: bool = False, dictionary: bool = True) -> Any:
    """The Arrow type ``classify_arrow`` returns (a struct), for engines that want a schema up front."""
    import pyarrow as pa

    def text(name: str) -> Any:
        if dictionary and name not in ("fingerprint", "error"):
            return pa.dictionary(pa.int16() if name == "id" else pa.int8(), pa.string())
        return pa.string()

    names = [*COLUMNS, *(["user_message"] if user_message else [])]
    fields = [
        pa.field(n, pa.bool_() if n in _BOOLEAN_COLUMNS else text(n) if n != "user_message" else
                 (pa.dictionary(pa.int32(), pa.string()) if dictionary else pa.string()))
        for n in names
    ]
    return pa.struct(fields)


def polars_dtype(*, user_message: bool = False) -> Any:
    """The Polars dtype of ``pl.Series(classify_arrow(s, dictionary=False))``, for ``map_batches``'s
    ``return_dtype``."""
    import polars as pl

    names = [*COLUMNS, *(["user_message"] if user_message else [])]
    return pl.Struct({n: pl.Boolean if n in _BOOLEAN_COLUMNS else pl.String for n in names})


def classify_arrow(array: Any, *, user_message: bool = False, dictionary: bool = True) -> Any:
    """Classify every row of an Arrow string array (JSON payloads or error texts).

    Accepts a ``pyarrow.Array`` or ``ChunkedArray`` of ``string``/``large_string`` (also views, binary,
    dictionary-encoded strings), or anything exporting ``__arrow_c_array__`` / ``__arrow_c_stream__``
    (a Polars Series, for example). Returns a ``pyarrow.StructArray`` (a ``ChunkedArray`` of structs for
    chunked input) with one row per input row: the columns in ``COLUMNS`` (categorical ones
    dictionary-encoded, or plain strings with ``dictionary=False``, which Spark and DataFusion UDFs need),
    plus ``user_message`` when asked for. Never raises for a bad row: a null input gives
    ``known=False`` and nulls; a malformed payload gives ``known=False`` and its ``error``.
    The GIL is released while rows are classified; the input buffers are read in place.
    """
    import pyarrow as pa

    def one(chunk: Any) -> Any:
        result = _classify_chunk(chunk, user_message)
        return result if dictionary else _decoded(result)

    if isinstance(array, pa.ChunkedArray):
        chunks = [one(c) for c in array.chunks] or [one(pa.array([], pa.string()))]
        return pa.chunked_array(chunks)
    if not isinstance(array, pa.Array):
        if hasattr(array, "__arrow_c_stream__") and not hasattr(array, "__arrow_c_array__"):
            array = pa.chunked_array(array)
        elif hasattr(array, "__arrow_c_array__"):
            array = pa.array(array)
        elif hasattr(array, "to_arrow"):
            array = array.to_arrow()
        else:
            array = pa.array(array)
        if isinstance(array, pa.ChunkedArray):
            return classify_arrow(array, user_message=user_message, dictionary=dictionary)
    return one(array)
