// Sample layers: rows of SCALE-Sim's shipped topologies (conv_nets/Resnet50.csv, alexnet.csv, mobilenet.csv)
// and BERT-base GEMMs, in SCALE-Sim topology form (the importer tests read them). These are layer shapes
// (inputs), not results. Source: tests/oracle/scalesim/README.md §7.

export const SAMPLE_TOPOLOGY_CSV = `Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,
resnet50_Conv1, 224, 224, 7, 7, 3, 64, 2,
resnet50_CB2a_2, 56, 56, 3, 3, 64, 64, 1,
resnet50_IB3b_1, 28, 28, 1, 1, 512, 128, 1,
resnet50_CB4a_2, 14, 14, 3, 3, 256, 256, 1,
resnet50_IB5b_3, 7, 7, 1, 1, 512, 2048, 1,
resnet50_FC6, 1, 1, 1, 1, 2048, 1000, 1,
alexnet_Conv2, 27, 27, 5, 5, 96, 256, 1,
mobilenet_Conv3_pw, 112, 112, 1, 1, 32, 64, 1,
mobilenet_Conv14_DP, 14, 14, 3, 3, 512, 1, 1,
bert_qkv_128x768x768, 128, 768, 1, 768, 1, 768, 1,
`;
