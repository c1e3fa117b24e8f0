//! The IDX file format and the MNIST data set as Chapter 1 of
//! *Neural Networks and Deep Learning* uses it.
