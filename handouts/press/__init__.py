"""All PDF finishing: boxes, marks, output intent, reproducibility, imposition, packs, proofs."""
