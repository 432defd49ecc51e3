"""Statistics: the 4×100% rates, counts, 案值 and breakdowns over an agency subtree and period."""
