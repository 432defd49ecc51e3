"""The assistant (facts → provisions, penalty, precedents) and its evaluation harness."""
