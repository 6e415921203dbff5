"""申报指南助手: grounded Q&A over the 战略性科技创新合作 application guidelines."""
