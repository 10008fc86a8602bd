"""Ofsted Annex A workbooks: the child-level lists councils refresh between census returns.

- :mod:`.lists`: the lists read (List 7 child protection, required; List 4 assessments and
  List 5 section 47 enquiries where present) and how their header rows are recognised.
- :mod:`.values`: cell values in every form exported (dates, categories, yes/no).
- :mod:`.reader`: one workbook -> :class:`~.reader.AnnexA` (tables and data-quality issues).
- :mod:`.join`: List 7 in the census plan table's shape, joined into the history.
"""
